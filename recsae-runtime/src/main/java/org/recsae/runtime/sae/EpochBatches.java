package org.recsae.runtime.sae;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training batches of one epoch, in an order fixed by (seed, epoch): the training rows are cut into chunks,
 * the chunks shuffled, and the rows of every group of chunks shuffled together before being cut into batches. Only
 * one group is in memory at a time; the same seed and epoch always give the same batches, which is what lets a
 * resumed run skip exactly the batches it had done.
 */
final class EpochBatches {
    /** Small chunks, many per group: rows of one user sit together on disk, and batches should mix users. */
    static final int CHUNK_ROWS = 256;
    /** A group holds about this many floats (64 MiB), so memory stays flat whatever the data size. */
    static final long GROUP_FLOATS = 16L << 20;

    private final ActivationSet set;
    private final List<long[]> chunks;
    private final int batch;
    private final int width;
    private int nextChunk;
    private float[] pending = new float[0];
    private int pendingRows;
    private int pendingOffset;
    private final SplittableRandom random;
    private final int chunksPerGroup;

    EpochBatches(ActivationSet set, List<long[]> ranges, int batch, long seed, int epoch) {
        this.set = set;
        this.batch = batch;
        this.width = set.width();
        this.random = new SplittableRandom(seed * 1_000_003L + epoch);
        List<long[]> cs = new ArrayList<>();
        for (long[] r : ranges) {
            for (long from = r[0]; from < r[1]; from += CHUNK_ROWS) {
                cs.add(new long[] {from, Math.min(r[1], from + CHUNK_ROWS)});
            }
        }
        for (int i = cs.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long[] t = cs.get(i);
            cs.set(i, cs.get(j));
            cs.set(j, t);
        }
        this.chunks = cs;
        this.chunksPerGroup = (int) Math.max(4, GROUP_FLOATS / ((long) CHUNK_ROWS * width));
    }

    /** The next batch's rows (row-major, {@code rows * width}), or null at the end of the epoch. */
    float[] next() {
        if (pendingRows - pendingOffset < batch) {
            refill();
        }
        int available = pendingRows - pendingOffset;
        // The loss is normalised by the batch's own spread: a tail of a few rows would give Adam a huge step.
        if (available == 0 || (available < batch && available < Math.max(2, batch / 2))) {
            return null;
        }
        int n = Math.min(batch, available);
        float[] out = new float[n * width];
        System.arraycopy(pending, pendingOffset * width, out, 0, n * width);
        pendingOffset += n;
        return out;
    }

    private void refill() {
        if (nextChunk >= chunks.size()) {
            return;
        }
        int leftover = pendingRows - pendingOffset;
        int end = Math.min(chunks.size(), nextChunk + chunksPerGroup);
        int rows = leftover;
        for (int c = nextChunk; c < end; c++) {
            rows += (int) (chunks.get(c)[1] - chunks.get(c)[0]);
        }
        float[] group = new float[rows * width];
        System.arraycopy(pending, pendingOffset * width, group, 0, leftover * width);
        int at = leftover;
        for (int c = nextChunk; c < end; c++) {
            long[] chunk = chunks.get(c);
            int n = (int) (chunk[1] - chunk[0]);
            float[] buf = new float[n * width];
            set.read(chunk[0], n, buf);
            System.arraycopy(buf, 0, group, at * width, n * width);
            at += n;
        }
        nextChunk = end;
        float[] row = new float[width];
        for (int i = rows - 1; i > leftover; i--) {
            int j = leftover + random.nextInt(i - leftover + 1);
            System.arraycopy(group, i * width, row, 0, width);
            System.arraycopy(group, j * width, group, i * width, width);
            System.arraycopy(row, 0, group, j * width, width);
        }
        pending = group;
        pendingRows = rows;
        pendingOffset = 0;
    }
}
