package org.recsae.runtime.eval;

/** How many of one system's top-10 the other also ranks in its top-10, with the history excluded from both. */
final class Overlap {
    private Overlap() {
    }

    static double top10(float[] a, float[] b, int[] history, int historyLength) {
        int[] ta = TopItems.excludingHistory(a, history, historyLength, 10);
        int[] tb = TopItems.excludingHistory(b, history, historyLength, 10);
        int common = 0;
        for (int x : ta) {
            for (int y : tb) {
                if (x == y) {
                    common++;
                    break;
                }
            }
        }
        return common / 10.0;
    }
}
