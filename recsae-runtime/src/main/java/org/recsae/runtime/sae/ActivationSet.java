package org.recsae.runtime.sae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.store.NpyReader;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;

/**
 * The captured activations of a run, read from disk on demand: the shards in order, their headers checked against
 * the file sizes, and the contiguous row range of each user (from {@code rows.csv}), which is all that is kept in
 * memory besides the rows being read.
 */
public final class ActivationSet {
    /** One shard; {@code firstRow} is its first row's index in the whole set. */
    public record Shard(Path file, NpyReader.Header header, long firstRow) {
    }

    /** Rows {@code [from, to)} belong to {@code user}. */
    public record UserRange(long user, long from, long to) {
    }

    private final List<Shard> shards;
    private final List<UserRange> users;
    private final int width;
    private final long rows;
    private final ObjectNode captureStage;

    private ActivationSet(List<Shard> shards, List<UserRange> users, int width, long rows, ObjectNode captureStage) {
        this.shards = shards;
        this.users = users;
        this.width = width;
        this.rows = rows;
        this.captureStage = captureStage;
    }

    public static ActivationSet open(RunDirectory run) {
        RunManifest manifest = RunManifest.require(run, "capture", "train");
        ObjectNode stage = manifest.stage("capture").orElseThrow();
        List<Shard> shards = new ArrayList<>();
        long total = 0;
        int width = -1;
        for (JsonNode s : stage.path("outputs").path("shards")) {
            Path file = run.root().resolve(s.path("path").asText());
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("activation shard " + file + " listed in " + run.manifest() + " is missing");
            }
            NpyReader.Header h = NpyReader.header(file);
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
            long expected = h.dataOffset() + h.rows() * h.width() * 4L;
            if (size != expected) {
                throw new BadInputException("activation shard " + file + " is " + size + " bytes but its header promises "
                        + h.rows() + " rows of " + h.width() + " floats (" + expected + " bytes): the file is "
                        + (size < expected ? "truncated" : "longer than its header says"));
            }
            if (width >= 0 && h.width() != width) {
                throw new BadInputException("activation shard " + file + " has width " + h.width() + ", the others " + width);
            }
            width = h.width();
            shards.add(new Shard(file, h, total));
            total += h.rows();
        }
        if (shards.isEmpty() || total == 0) {
            throw new BadInputException("run " + run.root() + " has no captured activations; run 'recsae capture' first");
        }
        Path rowsFile = run.root().resolve(stage.path("outputs").path("rows").path("path").asText());
        List<UserRange> users = userRanges(rowsFile, total);
        return new ActivationSet(List.copyOf(shards), List.copyOf(users), width, total, stage);
    }

    /** Contiguous row ranges per user; capture writes each user's rows together. */
    private static List<UserRange> userRanges(Path rowsFile, long total) {
        List<UserRange> users = new ArrayList<>();
        long row = 0;
        long current = Long.MIN_VALUE;
        long start = 0;
        try (BufferedReader in = Files.newBufferedReader(rowsFile)) {
            String line = in.readLine();
            if (line == null || !line.startsWith("user,")) {
                throw new BadInputException(rowsFile + ": expected a header starting with 'user,'");
            }
            while ((line = in.readLine()) != null) {
                int comma = line.indexOf(',');
                long user;
                try {
                    user = Long.parseLong(comma < 0 ? line : line.substring(0, comma));
                } catch (NumberFormatException e) {
                    throw new BadInputException(rowsFile + ", line " + (row + 2) + ": expected a numeric user id, found '" + line + "'");
                }
                if (user != current) {
                    if (row > 0) {
                        users.add(new UserRange(current, start, row));
                    }
                    current = user;
                    start = row;
                }
                row++;
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + rowsFile + ": " + e.getMessage(), e);
        }
        if (row > 0) {
            users.add(new UserRange(current, start, row));
        }
        if (row != total) {
            throw new BadInputException(rowsFile + " lists " + row + " rows but the shards hold " + total);
        }
        return users;
    }

    public int width() {
        return width;
    }

    public long rows() {
        return rows;
    }

    public List<UserRange> users() {
        return users;
    }

    public ObjectNode captureStage() {
        return captureStage;
    }

    /** Reads rows {@code [from, from+count)} of the whole set into {@code out}, across shard boundaries. */
    public void read(long from, int count, float[] out) {
        int done = 0;
        for (Shard s : shards) {
            long end = s.firstRow() + s.header().rows();
            if (from + done >= end || done == count) {
                continue;
            }
            long local = from + done - s.firstRow();
            if (local < 0) {
                continue;
            }
            int n = (int) Math.min(count - done, s.header().rows() - local);
            float[] buf = done == 0 ? out : new float[n * width];
            NpyReader.readRows(s.file(), s.header(), local, n, buf);
            if (done > 0) {
                System.arraycopy(buf, 0, out, done * width, n * width);
            }
            done += n;
        }
        if (done != count) {
            throw new IllegalArgumentException("rows " + from + ".." + (from + count) + " are outside the set of " + rows);
        }
    }

    /** Held-out users: a seeded hash of the user id, so the split never depends on row order. */
    public static boolean isHeldOut(long user, long seed, double fraction) {
        long h = user * 0x9E3779B97F4A7C15L ^ seed * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    /** The row ranges of the training (or held-out) users, merged where adjacent. */
    public List<long[]> ranges(long seed, double fraction, boolean heldOut) {
        List<long[]> out = new ArrayList<>();
        for (UserRange u : users) {
            if (isHeldOut(u.user(), seed, fraction) != heldOut) {
                continue;
            }
            if (!out.isEmpty() && out.get(out.size() - 1)[1] == u.from()) {
                out.get(out.size() - 1)[1] = u.to();
            } else {
                out.add(new long[] {u.from(), u.to()});
            }
        }
        return out;
    }

    public static long count(List<long[]> ranges) {
        long n = 0;
        for (long[] r : ranges) {
            n += r[1] - r[0];
        }
        return n;
    }
}
