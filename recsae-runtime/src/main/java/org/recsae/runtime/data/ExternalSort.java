package org.recsae.runtime.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.RuntimeFailureException;

/**
 * Sorts log rows by user, time and read order in bounded memory: each full chunk is sorted and spilled to a run
 * file, and at the end the runs are merged (k-way) into one file of (user, item) pairs, which can then be read any
 * number of times. A log that fits in one chunk is never written out. Its files live in a folder of their own under
 * {@code workDir}, removed by {@link #close()}.
 */
final class ExternalSort implements RowSink, AutoCloseable {
    /** The merge's read buffers share this much, so many runs do not multiply the memory it needs. */
    private static final int MERGE_BUFFER_BYTES = 8 << 20;
    /** Runs merged at once: 64 open files, and three merge levels cover 64^3 runs of a chunk each. */
    static final int FAN_IN = 64;

    private final Path workDir;
    private RowChunk chunk;
    private Path dir;
    private final List<Run> runs = new ArrayList<>();
    private Path merged;
    private long rows;

    private record Run(Path file, long rows) {
    }

    ExternalSort(Path workDir, int chunkRows) {
        this.workDir = workDir;
        this.chunk = new RowChunk(chunkRows);
    }

    @Override
    public void accept(long user, long item, long time, long order) {
        if (chunk.full()) {
            spill();
        }
        chunk.add(user, time, order, item);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Whether rows went to disk (more than one chunk). */
    boolean spilled() {
        return dir != null;
    }

    /**
     * Ends the input. With runs on disk, merges them and frees the chunk; else sorts the chunk in place. Runs are
     * merged at most {@link #FAN_IN} at a time, so a huge log does not hold thousands of files open at once.
     */
    void finish() {
        if (runs.isEmpty()) {
            chunk.sort();
            return;
        }
        spill();
        chunk = null;
        int level = 0;
        while (runs.size() > FAN_IN) {
            List<Run> next = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += FAN_IN) {
                List<Run> group = runs.subList(from, Math.min(runs.size(), from + FAN_IN));
                Path file = dir.resolve("merge-" + level + "-" + next.size() + ".bin");
                next.add(new Run(file, merge(group, file, false)));
            }
            runs.forEach(r -> delete(r.file()));
            runs.clear();
            runs.addAll(next);
            level++;
        }
        merged = dir.resolve("sorted.bin");
        merge(runs, merged, true);
        runs.forEach(r -> delete(r.file()));
        runs.clear();
    }

    /** A fresh pass over the sorted pairs; {@link #finish()} first. */
    Pairs pairs() {
        return merged == null ? new Pairs(chunk, null, 0) : new Pairs(null, open(merged, 1 << 16), rows);
    }

    private void spill() {
        chunk.sort();
        try {
            if (dir == null) {
                Files.createDirectories(workDir);
                dir = Files.createTempDirectory(workDir, "log-sort-");
            }
            Path file = dir.resolve("run-" + runs.size() + ".bin");
            try (DataOutputStream out = create(file)) {
                chunk.write(out);
            }
            runs.add(new Run(file, chunk.size()));
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot write the log's sort files under " + workDir + ": "
                    + e.getMessage(), e);
        }
        chunk.clear();
    }

    /** Merges sorted runs into {@code out}: whole rows for a further merge, or the final (user, item) pairs. */
    private long merge(List<Run> in, Path out, boolean pairs) {
        int buffer = Math.max(8 << 10, Math.min(1 << 16, MERGE_BUFFER_BYTES / in.size()));
        List<RunReader> readers = new ArrayList<>();
        PriorityQueue<RunReader> heads = new PriorityQueue<>(RunReader::compare);
        long written = 0;
        try (DataOutputStream o = create(out)) {
            for (Run r : in) {
                RunReader reader = new RunReader(open(r.file(), buffer), r.rows());
                readers.add(reader);
                if (reader.next()) {
                    heads.add(reader);
                }
            }
            while (!heads.isEmpty()) {
                RunReader top = heads.poll();
                o.writeLong(top.user);
                if (!pairs) {
                    o.writeLong(top.time);
                    o.writeLong(top.order);
                }
                o.writeLong(top.item);
                written++;
                if (top.next()) {
                    heads.add(top);
                }
            }
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot merge the log's sort files under " + dir + ": "
                    + e.getMessage(), e);
        } finally {
            for (RunReader r : readers) {
                r.close();
            }
        }
        return written;
    }

    @Override
    public void close() {
        chunk = null;
        if (dir != null) {
            RunDirectory.deleteTree(dir);
            dir = null;
        }
    }

    private static DataOutputStream create(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    private static DataInputStream open(Path file, int buffer) {
        try {
            return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), buffer));
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot read the log's sort file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    /** One spilled run, row by row, for the merge. */
    private static final class RunReader implements AutoCloseable {
        private final DataInputStream in;
        private long left;
        long user;
        long time;
        long order;
        long item;

        RunReader(DataInputStream in, long rows) {
            this.in = in;
            this.left = rows;
        }

        boolean next() throws IOException {
            if (left == 0) {
                return false;
            }
            left--;
            user = in.readLong();
            time = in.readLong();
            order = in.readLong();
            item = in.readLong();
            return true;
        }

        static int compare(RunReader a, RunReader b) {
            int c = Long.compare(a.user, b.user);
            if (c == 0) {
                c = Long.compare(a.time, b.time);
            }
            return c != 0 ? c : Long.compare(a.order, b.order);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // a temporary file about to be deleted
            }
        }
    }

    /** The sorted (user, item) pairs, from the chunk in memory or the merged file. */
    static final class Pairs implements AutoCloseable {
        private final RowChunk chunk;
        private final DataInputStream in;
        private long left;
        private int next;
        private long user;
        private long item;

        private Pairs(RowChunk chunk, DataInputStream in, long rows) {
            this.chunk = chunk;
            this.in = in;
            this.left = rows;
        }

        boolean next() {
            if (chunk != null) {
                if (next == chunk.size()) {
                    return false;
                }
                user = chunk.user(next);
                item = chunk.item(next++);
                return true;
            }
            if (left == 0) {
                return false;
            }
            left--;
            try {
                user = in.readLong();
                item = in.readLong();
            } catch (IOException e) {
                throw new RuntimeFailureException("cannot read the log's sort file: " + e.getMessage(), e);
            }
            return true;
        }

        long user() {
            return user;
        }

        long item() {
            return item;
        }

        @Override
        public void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // a temporary file, deleted with its folder
                }
            }
        }
    }
}
