package org.recsae.runtime.interpret;

import java.io.PrintStream;
import org.recsae.runtime.progress.Progress;
import org.recsae.runtime.sae.ActivationSet;
import org.recsae.runtime.sae.LoadedSae;

/**
 * Every captured vector's SAE code, regrouped by latent: for latent {@code j}, the rows where it fires (ascending)
 * and its value there. This is the evidence the dictionary is built from, over every captured prefix.
 */
public final class LatentActivations {
    private static final int BATCH = 4096;

    private final long rows;
    private final int[][] rowsByLatent;
    private final float[][] valuesByLatent;

    private LatentActivations(long rows, int[][] rowsByLatent, float[][] valuesByLatent) {
        this.rows = rows;
        this.rowsByLatent = rowsByLatent;
        this.valuesByLatent = valuesByLatent;
    }

    public static LatentActivations encode(ActivationSet set, LoadedSae sae, PrintStream err) {
        if (set.rows() > Integer.MAX_VALUE) {
            throw new org.recsae.spi.UsageException("interpret handles at most " + Integer.MAX_VALUE
                    + " captured vectors, found " + set.rows());
        }
        int n = (int) set.rows();
        if ((long) n * sae.k() > Integer.MAX_VALUE - 8) {
            throw new org.recsae.spi.UsageException("interpret keeps every vector's code in memory and handles at most "
                    + (Integer.MAX_VALUE / sae.k()) + " vectors at k " + sae.k() + ", found " + n);
        }
        int k = -1;
        int[] latentOf = null;
        float[] valueOf = null;
        float[] buf = new float[BATCH * set.width()];
        Progress progress = Progress.start(err, "encode activations", "vectors", n);
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            set.read(from, count, buf);
            LoadedSae.Codes codes = sae.codes(count == BATCH ? buf : java.util.Arrays.copyOf(buf, count * set.width()),
                    count);
            if (latentOf == null) {
                k = codes.k();
                latentOf = new int[n * k];
                valueOf = new float[n * k];
            }
            for (int i = 0; i < count * k; i++) {
                latentOf[from * k + i] = (int) codes.latents()[i];
                valueOf[from * k + i] = codes.values()[i];
            }
            progress.advance(count);
        }
        progress.finish();
        int dSae = sae.dSae();
        int[] counts = new int[dSae];
        for (int i = 0; i < n * k; i++) {
            if (valueOf[i] > 0) {
                counts[latentOf[i]]++;
            }
        }
        int[][] rowsBy = new int[dSae][];
        float[][] valuesBy = new float[dSae][];
        for (int j = 0; j < dSae; j++) {
            rowsBy[j] = new int[counts[j]];
            valuesBy[j] = new float[counts[j]];
        }
        int[] fill = new int[dSae];
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < k; t++) {
                float v = valueOf[r * k + t];
                // TopK keeps exact zeros when fewer than k pre-activations are positive; those did not fire.
                if (v > 0) {
                    int j = latentOf[r * k + t];
                    rowsBy[j][fill[j]] = r;
                    valuesBy[j][fill[j]++] = v;
                }
            }
        }
        return new LatentActivations(n, rowsBy, valuesBy);
    }

    /** Activations given directly, latent by latent (rows ascending). */
    static LatentActivations of(long rows, int[][] rowsByLatent, float[][] valuesByLatent) {
        return new LatentActivations(rows, rowsByLatent, valuesByLatent);
    }

    public long rows() {
        return rows;
    }

    public int latents() {
        return rowsByLatent.length;
    }

    /** The rows where latent {@code j} fires, ascending. */
    public int[] rowsOf(int j) {
        return rowsByLatent[j];
    }

    public float[] valuesOf(int j) {
        return valuesByLatent[j];
    }

    /** Latent {@code j}'s top items by the dictionary's rule ({@link TopPredicted}), given each row's top item. */
    public java.util.List<TopPredicted.Item> topPredicted(int j, int[] predicted, int limit) {
        return TopPredicted.of(rowsByLatent[j], valuesByLatent[j], predicted, limit);
    }

    public long[] counts() {
        long[] c = new long[rowsByLatent.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = rowsByLatent[j].length;
        }
        return c;
    }

    /** True when latent {@code j} is inactive on {@code row}. */
    public boolean inactive(int j, int row) {
        return java.util.Arrays.binarySearch(rowsByLatent[j], row) < 0;
    }
}
