package org.recsae.runtime.eval;

/**
 * Hit rate and NDCG at a cut-off, for one held-out item per user, ranked against every other scored item. Ties are
 * broken uniformly at random and the metrics are their exact expectation, so a model that gives many items the same
 * score (popularity) is neither flattered nor punished by the tie order.
 */
public final class RankingMetrics {
    private final int k;
    private double hits;
    private double ndcg;
    private int users;

    public RankingMetrics(int k) {
        this.k = k;
    }

    /** Adds one user's held-out item with score {@code target} among {@code row} (NEGATIVE_INFINITY = not ranked). */
    public void add(float[] row, int target) {
        float t = row[target];
        int greater = 0;
        int ties = 0;
        for (int i = 0; i < row.length; i++) {
            if (i == target || row[i] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            if (row[i] > t) {
                greater++;
            } else if (row[i] == t) {
                ties++;
            }
        }
        addRank(greater, ties);
    }

    /** The held-out item is ranked after {@code greater} items and ties with {@code ties} others. */
    public void addRank(int greater, int ties) {
        double h = 0;
        double g = 0;
        for (int r = greater; r <= greater + ties && r < k; r++) {
            h += 1;
            g += 1 / (Math.log(r + 2) / Math.log(2));
        }
        hits += h / (ties + 1);
        ndcg += g / (ties + 1);
        users++;
    }

    public int users() {
        return users;
    }

    public double hitRate() {
        return users == 0 ? 0 : hits / users;
    }

    public double ndcg() {
        return users == 0 ? 0 : ndcg / users;
    }

    public int k() {
        return k;
    }
}
