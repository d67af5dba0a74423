package org.recsae.runtime.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.recsae.runtime.store.Json;
import org.recsae.spi.RuntimeFailureException;

/**
 * The finished latents of an interpret run, one JSON line each, appended and synced as they finish, so a killed
 * run resumes where it stopped. The first line holds a key of everything the entries depend on (SAE, levels,
 * seed, interpreter and its options); a different key starts the file afresh. A line cut short by a crash is
 * dropped, and that latent redone.
 */
final class ConceptCache implements AutoCloseable {
    static final String FILE = "concepts.jsonl";
    private static final long SYNC_NANOS = 1_000_000_000L;

    private final Map<Integer, JsonNode> done = new TreeMap<>();
    private final FileChannel out;
    private long lastSync = System.nanoTime();

    private ConceptCache(FileChannel out) {
        this.out = out;
    }

    static ConceptCache open(Path dir, String key) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            String header = Json.line(Json.object().put("key", key));
            Map<Integer, JsonNode> kept = new TreeMap<>();
            long validBytes = 0;
            boolean reuse = false;
            if (Files.isRegularFile(file)) {
                byte[] bytes = Files.readAllBytes(file);
                String text = new String(bytes, StandardCharsets.UTF_8);
                List<String> lines = text.lines().toList();
                if (!lines.isEmpty() && lines.get(0).equals(header)) {
                    reuse = true;
                    long at = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1L;
                    validBytes = at;
                    for (int i = 1; i < lines.size(); i++) {
                        String line = lines.get(i);
                        at += line.getBytes(StandardCharsets.UTF_8).length + 1L;
                        if (at > bytes.length) {
                            break; // no newline yet: the write was cut short
                        }
                        JsonNode entry;
                        try {
                            entry = Json.MAPPER.readTree(line);
                        } catch (IOException e) {
                            break;
                        }
                        if (!entry.has("latent")) {
                            break;
                        }
                        kept.put(entry.get("latent").asInt(), entry);
                        validBytes = at;
                    }
                }
            }
            FileChannel ch;
            if (reuse) {
                ch = FileChannel.open(file, StandardOpenOption.WRITE);
                ch.truncate(validBytes);
                ch.position(validBytes);
            } else {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                ch.write(ByteBuffer.wrap((header + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
            }
            ConceptCache cache = new ConceptCache(ch);
            cache.done.putAll(kept);
            return cache;
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot open the interpret cache " + file + ": " + e.getMessage(), e);
        }
    }

    boolean has(int latent) {
        return done.containsKey(latent);
    }

    int size() {
        return done.size();
    }

    JsonNode get(int latent) {
        return done.get(latent);
    }

    /** Appends a finished latent; it is kept as read back from its line, so fresh and resumed runs agree. */
    void append(ObjectNode entry) {
        try {
            String line = Json.line(entry);
            out.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            if (System.nanoTime() - lastSync > SYNC_NANOS) {
                out.force(false);
                lastSync = System.nanoTime();
            }
            done.put(entry.get("latent").asInt(), Json.MAPPER.readTree(line));
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot append to the interpret cache: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.force(false);
            out.close();
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot close the interpret cache: " + e.getMessage(), e);
        }
    }
}
