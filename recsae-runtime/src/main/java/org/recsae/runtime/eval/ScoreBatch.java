package org.recsae.runtime.eval;

/**
 * How many rows to score per call: a call returns a [rows, items] float matrix, and with a million items a batch of
 * 512 would be 2 GiB. Batches shrink so that matrix stays near 64 MiB; small catalogues keep the preferred size.
 */
public final class ScoreBatch {
    static final long MATRIX_FLOATS = 16L << 20;

    private ScoreBatch() {
    }

    public static int rows(int preferred, long items) {
        return (int) Math.max(1, Math.min(preferred, MATRIX_FLOATS / Math.max(1, items)));
    }
}
