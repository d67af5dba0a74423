package org.recsae.runtime.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A 95 % interval for the change of a per-user metric between two systems scored on the same users: users are
 * resampled with replacement and the mean difference recomputed each time; the interval is the 2.5th and 97.5th
 * percentiles.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {
    }

    /** @return {mean difference (b - a), low, high} */
    public static double[] interval(double[] a, double[] b, int resamples, long seed) {
        int n = a.length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += b[i] - a[i];
        }
        mean /= n;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                s += b[j] - a[j];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        return new double[] {mean, means[(int) Math.floor(0.025 * (resamples - 1))],
            means[(int) Math.ceil(0.975 * (resamples - 1))]};
    }
}
