package org.recsae.spi;

/**
 * Scores decoded into catalogue order: {@code rows[b][i]} is the score of item index {@code i} for user {@code b};
 * items the model did not score (padding, non-candidates) hold {@link Float#NEGATIVE_INFINITY}.
 */
public record ItemScores(float[][] rows) {
    public int batchSize() {
        return rows.length;
    }

    /** The {@code k} best item indices of row {@code b}, best first; ties go to the lower index. */
    public int[] topK(int b, int k) {
        float[] row = rows[b];
        int n = Math.min(k, row.length);
        int[] best = new int[n];
        float[] bestScore = new float[n];
        int filled = 0;
        for (int i = 0; i < row.length; i++) {
            float s = row[i];
            if (s == Float.NEGATIVE_INFINITY || Float.isNaN(s) || (filled == n && s <= bestScore[n - 1])) {
                continue;
            }
            // Insertion into the sorted prefix; a full list drops its last entry.
            int pos = filled < n ? filled++ : n - 1;
            while (pos > 0 && bestScore[pos - 1] < s) {
                best[pos] = best[pos - 1];
                bestScore[pos] = bestScore[pos - 1];
                pos--;
            }
            best[pos] = i;
            bestScore[pos] = s;
        }
        return filled == n ? best : java.util.Arrays.copyOf(best, filled);
    }
}
