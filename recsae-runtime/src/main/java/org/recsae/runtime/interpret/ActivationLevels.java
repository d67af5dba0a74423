package org.recsae.runtime.interpret;

import java.util.Arrays;

/**
 * Activation values as levels: 0 inactive, 1..10 by the chosen scheme. Global deciles use the same cut points
 * for every latent (bins closed on the right, like pandas' {@code qcut}); {@code latent-max} uses tenths of each
 * latent's maximum.
 */
public final class ActivationLevels {
    private final LevelScheme scheme;
    private final double[] edges;
    private final float[] maxima;

    private ActivationLevels(LevelScheme scheme, double[] edges, float[] maxima) {
        this.scheme = scheme;
        this.edges = edges;
        this.maxima = maxima;
    }

    public static ActivationLevels of(LatentActivations acts, LevelScheme scheme) {
        float[] maxima = new float[acts.latents()];
        long total = 0;
        for (int j = 0; j < acts.latents(); j++) {
            for (float v : acts.valuesOf(j)) {
                maxima[j] = Math.max(maxima[j], v);
            }
            total += acts.valuesOf(j).length;
        }
        double[] edges = new double[0];
        if (scheme == LevelScheme.GLOBAL_DECILES && total > 0) {
            float[] all = new float[(int) total];
            int at = 0;
            for (int j = 0; j < acts.latents(); j++) {
                float[] v = acts.valuesOf(j);
                System.arraycopy(v, 0, all, at, v.length);
                at += v.length;
            }
            Arrays.sort(all);
            edges = new double[9];
            for (int q = 1; q <= 9; q++) {
                edges[q - 1] = quantile(all, q / 10.0);
            }
        }
        return new ActivationLevels(scheme, edges, maxima);
    }

    /** Linear-interpolated quantile of sorted values, as numpy and pandas compute it by default. */
    static double quantile(float[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * ((double) sorted[hi] - sorted[lo]);
    }

    public int level(int latent, float value) {
        if (value <= 0) {
            return 0;
        }
        if (scheme == LevelScheme.LATENT_MAX) {
            return (int) Math.max(1, Math.min(10, Math.ceil(10.0 * value / maxima[latent])));
        }
        int level = 1;
        while (level <= edges.length && value > edges[level - 1]) {
            level++;
        }
        return level;
    }

    public LevelScheme scheme() {
        return scheme;
    }

    /** The nine cut points between the global deciles (empty for {@code latent-max}). */
    public double[] edges() {
        return edges.clone();
    }
}
