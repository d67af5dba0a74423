package org.recsae.runtime.sae;

import java.util.List;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.BadInputException;

/**
 * One pass over the activations before training: counts NaN and Inf values (any refuses training) and computes the
 * training vectors' mean, which initialises b_dec.
 */
final class ActivationScan {
    private static final int BATCH = 8192;

    private ActivationScan() {
    }

    static float[] scan(ActivationSet set, List<long[]> trainRanges, RunDirectory run) {
        int width = set.width();
        long nan = 0;
        long inf = 0;
        long firstBadRow = -1;
        float[] x = new float[BATCH * width];
        for (long from = 0; from < set.rows(); from += BATCH) {
            int n = (int) Math.min(BATCH, set.rows() - from);
            set.read(from, n, x);
            for (int i = 0; i < n * width; i++) {
                float v = x[i];
                if (Float.isNaN(v)) {
                    nan++;
                } else if (Float.isInfinite(v)) {
                    inf++;
                } else {
                    continue;
                }
                if (firstBadRow < 0) {
                    firstBadRow = from + i / width;
                }
            }
        }
        if (nan > 0 || inf > 0) {
            throw new BadInputException("activations in " + run.stageDir("activations") + " contain " + nan + " NaN and "
                    + inf + " infinite values (first in row " + firstBadRow + "); training refused: check the model "
                    + "and the captured probe");
        }
        double[] sum = new double[width];
        long count = 0;
        for (long[] r : trainRanges) {
            for (long from = r[0]; from < r[1]; from += BATCH) {
                int n = (int) Math.min(BATCH, r[1] - from);
                set.read(from, n, x);
                for (int i = 0; i < n; i++) {
                    for (int d = 0; d < width; d++) {
                        sum[d] += x[i * width + d];
                    }
                }
                count += n;
            }
        }
        float[] mean = new float[width];
        for (int d = 0; d < width; d++) {
            mean[d] = (float) (sum[d] / count);
        }
        return mean;
    }
}
