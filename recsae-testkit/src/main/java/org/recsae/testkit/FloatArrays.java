package org.recsae.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparisons of score and state arrays, as the kit's checks and plugin tests make them. */
public final class FloatArrays {
    private FloatArrays() {
    }

    /** The largest absolute element-wise difference; the arrays must be the same length. */
    public static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "array lengths");
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
