package org.recsae.runtime.eval;

import org.recsae.spi.ItemScores;

/** A row's best items with the user's history left out, as evaluation and steering both rank them. */
public final class TopItems {
    private TopItems() {
    }

    /**
     * The {@code k} best item indices of {@code row}, ignoring {@code history[0..historyLength)}. The history's
     * scores are masked in place and restored afterwards (no copy of the row: this runs once per scored position).
     */
    public static int[] excludingHistory(float[] row, int[] history, int historyLength, int k) {
        float[] saved = new float[historyLength];
        for (int i = 0; i < historyLength; i++) {
            saved[i] = row[history[i]];
            row[history[i]] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new ItemScores(new float[][] {row}).topK(0, k);
        // Restored in reverse, so an item repeated in the history gets its original score back.
        for (int i = historyLength - 1; i >= 0; i--) {
            row[history[i]] = saved[i];
        }
        return top;
    }
}
