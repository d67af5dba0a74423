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
        int[] aliveA = alive(a);
        int[] aliveB = alive(b);
        float[][] unitA = unit(a, aliveA, columnA, axis.size(), minPrefixes);
        float[][] unitB = unit(b, aliveB, columnB, axis.size(), minPrefixes);
        float[][] cos = new float[aliveA.length][aliveB.length];
        for (int i = 0; i < aliveA.length; i++) {
            for (int j = 0; j < aliveB.length; j++) {
                double s = 0;
                float[] x = unitA[i];
                float[] y = unitB[j];
                for (int k = 0; k < x.length; k++) {
                    s += x[k] * y[k];
                }
                cos[i][j] = (float) s;
            }
        }
        return new ProfileSimilarity(aliveA, aliveB, cos);
    }

    private static int[] alive(LatentProfiles p) {
        return java.util.stream.IntStream.range(0, p.latents()).filter(p::alive).toArray();
    }

    /**
     * Unit-length profiles on the shared axis. An item its own run ranks first at fewer than {@code minPrefixes}
     * prefixes is left at 0: its mean rests on a handful of prefixes and is mostly noise (measured in
     * BENCHMARKS.md, "Concept comparison").
     */
    private static float[][] unit(LatentProfiles p, int[] latents, int[] column, int width, int minPrefixes) {
        float[][] out = new float[latents.length][width];
        for (int i = 0; i < latents.length; i++) {
            float[] profile = p.meanByLatent()[latents[i]];
            double norm = 0;
            for (int c = 0; c < profile.length; c++) {
                if (p.timesFirst()[c] >= minPrefixes) {
                    norm += (double) profile[c] * profile[c];
                }
            }
            if (norm == 0) {
                continue;
            }
            double scale = 1 / Math.sqrt(norm);
            for (int c = 0; c < profile.length; c++) {
                if (p.timesFirst()[c] >= minPrefixes) {
                    out[i][column[c]] = (float) (profile[c] * scale);
                }
            }
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

    /** The share of A's alive latents whose best match in B reaches {@code threshold}. */
    double shareOfAMatched(double threshold) {
        int[] best = bestForA();
        int n = 0;
        for (int i = 0; i < best.length; i++) {
            if (cosine[i][best[i]] >= threshold) {
                n++;
            }
        }
        return latentsA.length == 0 ? 0 : (double) n / latentsA.length;
    }
}
