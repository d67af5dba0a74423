package org.recsae.runtime.interpret.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.Json;

/**
 * LLM replies on disk, one small JSON file per request, keyed by the sha256 of everything that decides the reply:
 * the endpoint, the model, the sampling settings, the template version and the full prompt (never the API key).
 * A rerun, in this run or another one sharing the folder, costs no request.
 */
final class ResponseCache {
    private final Path dir;

    ResponseCache(Path dir) {
        this.dir = dir;
    }

    static String key(String endpoint, String templateVersion, JsonNode body) {
        return Hashing.sha256((endpoint + "\n" + templateVersion + "\n" + Json.line(body))
                .getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    Optional<String> get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
            return n.path("reply").isTextual() ? Optional.of(n.path("reply").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a damaged entry is asked again, never trusted
        }
    }

    void put(String key, String reply) {
        try {
            Files.createDirectories(file(key).getParent());
        } catch (IOException e) {
            throw new org.recsae.spi.RuntimeFailureException("cannot create the LLM cache folder " + dir + ": "
                    + e.getMessage(), e);
        }
        AtomicFiles.writeString(file(key), Json.write(Json.object().put("reply", reply)));
    }
}
