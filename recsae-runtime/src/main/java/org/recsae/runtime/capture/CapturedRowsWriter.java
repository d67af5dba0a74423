package org.recsae.runtime.capture;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.data.ItemIdMap;
import org.recsae.runtime.store.NpyShardWriter;
import org.recsae.spi.RuntimeFailureException;

/**
 * Writes captured vectors into {@code shard-NNNNN.npy} files of bounded size, and their row index into
 * {@code rows.csv} (user, position, item; for {@code last} also the target), in one folder. Each shard appears only
 * when complete; {@link #abandon()} drops the unfinished one.
 */
public final class CapturedRowsWriter implements CapturedRowSink, AutoCloseable {
    public static final String ROWS_FILE = "rows.csv";

    private final Path dir;
    private final int width;
    private final long shardBytes;
    private final ItemIdMap ids;
    private final boolean all;
    private final BufferedWriter rows;
    private final List<String> shards = new ArrayList<>();
    private final List<Long> shardRows = new ArrayList<>();
    private NpyShardWriter shard;
    private long vectors;

    public CapturedRowsWriter(Path dir, int width, long shardBytes, ItemIdMap ids, Positions positions) {
        this.dir = dir;
        this.width = width;
        this.shardBytes = shardBytes;
        this.ids = ids;
        this.all = positions == Positions.ALL;
        try {
            Files.createDirectories(dir);
            this.rows = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve(ROWS_FILE)),
                    StandardCharsets.UTF_8), 1 << 16);
            rows.write(header(positions));
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot write " + dir.resolve(ROWS_FILE) + ": " + e.getMessage(), e);
        }
        try {
            this.shard = openShard();
        } catch (RuntimeException e) {
            abandonRows();
            throw e;
        }
    }

    /** The name of a capture's {@code n}-th shard. */
    public static String shardName(int n) {
        return String.format("shard-%05d.npy", n);
    }

    /** The first line of {@code rows.csv}, newline included. */
    public static String header(Positions positions) {
        return positions == Positions.ALL ? "user,position,item,item_index\n"
                : "user,position,item,item_index,target,target_index\n";
    }

    @Override
    public void accept(float[] values, int offset, IndexedUser user, int position) {
        if (shard.bytes() + width * 4L > shardBytes) {
            shardRows.add(shard.rows());
            shard.close();
            shard = openShard();
        }
        shard.write(values, offset, 1);
        int item = user.items()[position];
        try {
            rows.write(user.user() + "," + position + "," + ids.raw(item) + "," + item);
            if (!all) {
                int target = user.items()[user.testPosition()];
                rows.write("," + ids.raw(target) + "," + target);
            }
            rows.write('\n');
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot write " + dir.resolve(ROWS_FILE) + ": " + e.getMessage(), e);
        }
        vectors++;
    }

    public long vectors() {
        return vectors;
    }

    /** Shard file names, in row order. */
    public List<String> shards() {
        return List.copyOf(shards);
    }

    /** Rows in each shard, in the order of {@link #shards()}; complete after {@link #close()}. */
    public List<Long> shardRows() {
        return List.copyOf(shardRows);
    }

    @Override
    public void close() {
        shardRows.add(shard.rows());
        shard.close();
        try {
            rows.close();
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot write " + dir.resolve(ROWS_FILE) + ": " + e.getMessage(), e);
        }
    }

    public void abandon() {
        shard.abandon();
        abandonRows();
    }

    private void abandonRows() {
        try {
            rows.close();
        } catch (IOException ignored) {
            // already failing; the folder is abandoned as a whole
        }
    }

    private NpyShardWriter openShard() {
        String name = shardName(shards.size());
        shards.add(name);
        return new NpyShardWriter(dir.resolve(name), width);
    }
}
