package org.recsae.runtime.eval;

/** How many of one system's top-10 the other also ranks in its top-10, with the history excluded from both. */
final class Overlap {
    private Overlap() {
    }

    static double top10(float[] a, float[] b, int[] history, int historyLength) {
        int[] ta = top10Excluding(a, history, historyLength);
        int[] tb = top10Excluding(b, history, historyLength);
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

    private static int[] top10Excluding(float[] row, int[] history, int historyLength) {
        float[] saved = new float[historyLength];
        for (int i = 0; i < historyLength; i++) {
            saved[i] = row[history[i]];
        }
        for (int i = 0; i < historyLength; i++) {
            row[history[i]] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new org.recsae.spi.ItemScores(new float[][] {row}).topK(0, 10);
        for (int i = historyLength - 1; i >= 0; i--) {
            row[history[i]] = saved[i];
        }
        return top;
    }
}
