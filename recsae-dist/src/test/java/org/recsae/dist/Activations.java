package org.recsae.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.store.NpyReader;

/** A captured activations folder read back: the shard's rows and the row index. */
record Activations(float[] values, int width, List<String[]> rows) {
    static Activations read(Path run) throws IOException {
        Path dir = run.resolve("activations");
        Path shard = dir.resolve("shard-00000.npy");
        NpyReader.Header h = NpyReader.header(shard);
        float[] values = new float[(int) h.rows() * h.width()];
        NpyReader.readRows(shard, h, 0, (int) h.rows(), values);
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("rows.csv"));
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        return new Activations(values, h.width(), rows);
    }

    /** Index of the first row of {@code user}. */
    int firstRowOf(long user) {
        for (int i = 0; i < rows.size(); i++) {
            if (Long.parseLong(rows.get(i)[0]) == user) {
                return i;
            }
        }
        throw new AssertionError("user " + user + " has no captured row");
    }
}
