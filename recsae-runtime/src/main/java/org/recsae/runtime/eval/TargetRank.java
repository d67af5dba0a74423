package org.recsae.runtime.eval;

/**
 * The rank of a held-out item in a full ranking with the user's history excluded and ties counted against the
 * target (every other item scoring at least as high ranks above it): the protocol of {@code evaluate}.
 */
public final class TargetRank {
    private TargetRank() {
    }

    /**
     * @param row scores in catalogue order, NEGATIVE_INFINITY for items the model did not score
     * @param excluded item indices removed from the ranking (the history), may contain the target's own index
     *     only if the item was consumed before; the target itself is never excluded
     * @return 0 for the best rank
     */
    public static int of(float[] row, int target, int[] excluded, int excludedCount) {
        float t = row[target];
        if (Float.isNaN(t)) {
            return row.length; // a broken score must never look like a hit
        }
        int above = 0;
        for (int i = 0; i < row.length; i++) {
            if (i != target && row[i] != Float.NEGATIVE_INFINITY && row[i] >= t) {
                above++;
            }
        }
        // Excluded items that would have ranked above the target do not count.
        boolean[] seen = null;
        for (int j = 0; j < excludedCount; j++) {
            int e = excluded[j];
            if (e == target || row[e] == Float.NEGATIVE_INFINITY || row[e] < t) {
                continue;
            }
            if (seen == null) {
                seen = new boolean[row.length];
            }
            if (!seen[e]) {
                seen[e] = true;
                above--;
            }
        }
        return above;
    }

    public static double hit(int rank, int k) {
        return rank < k ? 1 : 0;
    }

    public static double ndcg(int rank, int k) {
        return rank < k ? 1 / (Math.log(rank + 2) / Math.log(2)) : 0;
    }
}
