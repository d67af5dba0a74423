package org.recsae.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.RunDirectory;

/**
 * Whether a stage's recorded result still stands: it ran with the same settings (the pipeline key), and every file
 * its manifest entry lists, inputs and outputs, still has the recorded sha256. A changed model, log or upstream
 * artifact therefore reruns exactly the stages that read it.
 */
final class StageFreshness {
    static final String KEY = "pipeline_key";

    private StageFreshness() {
    }

    /** Empty when the stage is up to date, else why it must run. */
    static Optional<String> check(RunDirectory run, Optional<? extends JsonNode> entry, String key) {
        if (entry.isEmpty()) {
            return Optional.of("not run yet");
        }
        if (!key.equals(entry.get().path(KEY).asText())) {
            return Optional.of("settings changed");
        }
        for (String part : new String[] {"inputs", "outputs"}) {
            Optional<String> stale = verify(run, entry.get().path(part), part);
            if (stale.isPresent()) {
                return stale;
            }
        }
        return Optional.empty();
    }

    /** Walks a manifest subtree and checks every {path, sha256} object in it. */
    private static Optional<String> verify(RunDirectory run, JsonNode node, String part) {
        if (node.isObject() && node.has("path") && node.has("sha256")) {
            Path p = Path.of(node.path("path").asText());
            Path file = p.isAbsolute() ? p : run.root().resolve(p);
            if (!Files.isRegularFile(file)) {
                return Optional.of(part.substring(0, part.length() - 1) + " " + file + " is missing");
            }
            if (!Hashing.sha256(file).equals(node.path("sha256").asText())) {
                return Optional.of(part.substring(0, part.length() - 1) + " " + file + " changed");
            }
            return Optional.empty();
        }
        for (JsonNode child : node) {
            Optional<String> stale = verify(run, child, part);
            if (stale.isPresent()) {
                return stale;
            }
        }
        return Optional.empty();
    }
}
