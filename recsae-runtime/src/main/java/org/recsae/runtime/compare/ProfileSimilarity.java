package org.recsae.runtime.compare;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Cosine similarity between every alive latent of one run and every alive latent of another, their mean-activation
 * profiles laid over the union of the items either model ranks first (an item one model never ranks first is a
 * zero in that model's profiles).
 */
record ProfileSimilarity(int[] latentsA, int[] latentsB, float[][] cosine) {
    /** True when either side has no latent left to compare. */
    boolean empty() {
        return latentsA.length == 0 || latentsB.length == 0;
    }


    static ProfileSimilarity of(LatentProfiles a, LatentProfiles b, int minPrefixes) {
        return of(a, b, minPrefixes, null);
    }

    /**
     * The shuffled-profile control: B's profiles with their item axis permuted (one seeded permutation for every
     * latent), which keeps each profile's values and B's latents' mutual similarities but cuts any link to A's items.
     */
    static ProfileSimilarity shuffled(LatentProfiles a, LatentProfiles b, int minPrefixes, long seed) {
        return of(a, b, minPrefixes, new Random(seed));
    }

    private static ProfileSimilarity of(LatentProfiles a, LatentProfiles b, int minPrefixes, Random shuffle) {
        Map<Long, Integer> axis = new HashMap<>();
        for (long item : a.items()) {
            axis.putIfAbsent(item, axis.size());
        }
        for (long item : b.items()) {
            axis.putIfAbsent(item, axis.size());
        }
        int[] columnB = new int[b.items().length];
        for (int c = 0; c < columnB.length; c++) {
            columnB[c] = axis.get(b.items()[c]);
        }
        if (shuffle != null) {
            int[] perm = new int[axis.size()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            for (int i = perm.length - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int c = 0; c < columnB.length; c++) {
                columnB[c] = perm[columnB[c]];
            }
        }
        int[] columnA = new int[a.items().length];
        for (int c = 0; c < columnA.length; c++) {
            columnA[c] = axis.get(a.items()[c]);
        }
        float[][] unitA = unit(a, columnA, axis.size(), minPrefixes);
        float[][] unitB = unit(b, columnB, axis.size(), minPrefixes);
        int[] latentsA = nonZero(unitA);
        int[] latentsB = nonZero(unitB);
        float[][] cos = new float[latentsA.length][latentsB.length];
        for (int i = 0; i < latentsA.length; i++) {
            float[] x = unitA[latentsA[i]];
            for (int j = 0; j < latentsB.length; j++) {
                float[] y = unitB[latentsB[j]];
                double s = 0;
                for (int k = 0; k < x.length; k++) {
                    s += x[k] * y[k];
                }
                cos[i][j] = (float) s;
            }
        }
        return new ProfileSimilarity(latentsA, latentsB, cos);
    }

    /**
     * The latents with a profile left after the filter: those that fire where the model ranks some item first at
     * least {@code minPrefixes} times. The others have nothing to be compared on and are left out.
     */
    private static int[] nonZero(float[][] unit) {
        return java.util.stream.IntStream.range(0, unit.length).filter(j -> unit[j] != null).toArray();
    }

    /**
     * Unit-length profiles on the shared axis. An item its own run ranks first at fewer than {@code minPrefixes}
     * prefixes is left at 0: its mean rests on a handful of prefixes and is mostly noise (measured in
     * BENCHMARKS.md, "Concept comparison").
     */
    private static float[][] unit(LatentProfiles p, int[] column, int width, int minPrefixes) {
        float[][] out = new float[p.latents()][];
        for (int j = 0; j < p.latents(); j++) {
            float[] profile = p.meanByLatent()[j];
            double norm = 0;
            for (int c = 0; c < profile.length; c++) {
                if (p.timesFirst()[c] >= minPrefixes) {
                    norm += (double) profile[c] * profile[c];
                }
            }
            if (norm == 0) {
                continue;
            }
            float[] v = new float[width];
            double scale = 1 / Math.sqrt(norm);
            for (int c = 0; c < profile.length; c++) {
                if (p.timesFirst()[c] >= minPrefixes) {
                    v[column[c]] = (float) (profile[c] * scale);
                }
            }
            out[j] = v;
        }
        return out;
    }

    /** For each row, the column of its largest cosine. */
    int[] bestForA() {
        int[] best = new int[latentsA.length];
        for (int i = 0; i < latentsA.length; i++) {
            int arg = 0;
            for (int j = 1; j < latentsB.length; j++) {
                if (cosine[i][j] > cosine[i][arg]) {
                    arg = j;
                }
            }
            best[i] = arg;
        }
        return best;
    }

    /** For each column, the row of its largest cosine. */
    int[] bestForB() {
        int[] best = new int[latentsB.length];
        for (int j = 0; j < latentsB.length; j++) {
            int arg = 0;
            for (int i = 1; i < latentsA.length; i++) {
                if (cosine[i][j] > cosine[arg][j]) {
                    arg = i;
                }
            }
            best[j] = arg;
        }
        return best;
    }

    /** The share of A's compared latents whose best match in B reaches {@code threshold} (0 when either is empty). */
    double shareOfAMatched(double threshold) {
        return share(bestForA(), threshold, true);
    }

    /** The same for B's latents against A. */
    double shareOfBMatched(double threshold) {
        return share(bestForB(), threshold, false);
    }

    private double share(int[] best, double threshold, boolean rows) {
        if (latentsA.length == 0 || latentsB.length == 0) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < best.length; i++) {
            if ((rows ? cosine[i][best[i]] : cosine[best[i]][i]) >= threshold) {
                n++;
            }
        }
        return (double) n / best.length;
    }
}
