package org.recsae.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.NpyReader;

/**
 * A capture read back as rows keyed by (user, position), each with its row-index line and its vector: what two
 * captures must agree on, whatever their shard boundaries.
 */
record CapturedRows(Map<String, Row> rows, List<String> order, int shards, long vectors) {
    record Row(String line, float[] vector) {
    }

    static CapturedRows read(Path run) throws IOException {
        JsonNode outputs = Json.read(run.resolve("manifest.json"), "manifest").path("stages").path("capture")
                .path("outputs");
        Path dir = run.resolve("activations");
        List<String> lines = Files.readAllLines(dir.resolve("rows.csv"));
        Map<String, Row> rows = new TreeMap<>();
        List<String> order = new java.util.ArrayList<>();
        int next = 1;
        int shards = 0;
        for (JsonNode s : outputs.path("shards")) {
            Path shard = run.resolve(s.path("path").asText());
            NpyReader.Header h = NpyReader.header(shard);
            float[] values = new float[(int) h.rows() * h.width()];
            NpyReader.readRows(shard, h, 0, (int) h.rows(), values);
            for (int r = 0; r < h.rows(); r++) {
                String line = lines.get(next++);
                String[] f = line.split(",");
                float[] v = java.util.Arrays.copyOfRange(values, r * h.width(), (r + 1) * h.width());
                String key = String.format("%010d,%06d", Long.parseLong(f[0]), Integer.parseInt(f[1]));
                rows.put(key, new Row(line, v));
                order.add(key);
            }
            shards++;
        }
        assertEquals(lines.size(), next, "rows.csv has rows no shard holds");
        return new CapturedRows(rows, order, shards, rows.size());
    }

    /** Same rows in the same order: users ascending, each user's positions ascending, as a local capture writes. */
    void assertSameOrder(CapturedRows other) {
        assertEquals(order, other.order, "the two captures list their rows in different orders");
    }

    /** Same rows, same row-index lines, same vectors to the bit. */
    void assertSameRows(CapturedRows other) {
        assertEquals(rows.keySet(), other.rows.keySet(), "the two captures hold different (user, position) rows");
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row o = other.rows.get(e.getKey());
            assertEquals(e.getValue().line(), o.line(), "row " + e.getKey());
            assertArrayEquals(e.getValue().vector(), o.vector(), "vector of row " + e.getKey());
        }
    }
}
