package org.recsae.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.recsae.runtime.capture.CapturedRowsWriter;
import org.recsae.runtime.capture.Positions;
import org.recsae.spi.RuntimeFailureException;

/**
 * Turns the tasks' folders into one capture folder: shards renumbered in user order ({@code shard-00000.npy},
 * ...; empty ones dropped) and one {@code rows.csv}, the parts' rows concatenated in the same order. Partitions
 * are user ranges in ascending order, so the result lists users as a local capture does.
 */
final class ShardAssembly {
    private ShardAssembly() {
    }

    record Assembled(List<String> shards, long vectors, long windows) {
    }

    static Assembled assemble(List<PartOutput> parts, Path into, Positions positions) {
        List<PartOutput> ordered = new ArrayList<>(parts);
        ordered.sort(Comparator.comparingInt(PartOutput::partition));
        List<String> shards = new ArrayList<>();
        long vectors = 0;
        long windows = 0;
        Path rowsFile = into.resolve(CapturedRowsWriter.ROWS_FILE);
        try (OutputStream rows = new BufferedOutputStream(Files.newOutputStream(rowsFile), 1 << 16)) {
            rows.write(CapturedRowsWriter.header(positions).getBytes(StandardCharsets.UTF_8));
            for (PartOutput part : ordered) {
                Path dir = Path.of(part.dir());
                for (int i = 0; i < part.shards().size(); i++) {
                    if (part.shardRows().get(i) == 0) {
                        continue;
                    }
                    String name = CapturedRowsWriter.shardName(shards.size());
                    Files.move(dir.resolve(part.shards().get(i)), into.resolve(name));
                    shards.add(name);
                }
                appendWithoutHeader(dir.resolve(CapturedRowsWriter.ROWS_FILE), rows);
                vectors += part.vectors();
                windows += part.windows();
            }
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot assemble the tasks' shards into " + into + ": " + e.getMessage(), e);
        }
        return new Assembled(shards, vectors, windows);
    }

    private static void appendWithoutHeader(Path part, OutputStream out) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(part), 1 << 16)) {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                // the part's header line; the assembled file has one of its own
            }
            in.transferTo(out);
        }
    }
}
