package org.recsae.runtime.interpret;

/** Small hand-made activation sets for unit tests. */
final class LatentActivationsFixture {
    private LatentActivationsFixture() {
    }

    /** One latent firing with {@code values} on rows 0..n-1. */
    static LatentActivations oneLatent(float[] values) {
        int[] rows = new int[values.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return LatentActivations.of(values.length, new int[][] {rows}, new float[][] {values.clone()});
    }
}
