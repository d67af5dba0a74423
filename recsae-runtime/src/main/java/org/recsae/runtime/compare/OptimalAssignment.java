package org.recsae.runtime.compare;

import java.util.Arrays;

/**
 * The one-to-one matching of rows to columns with the largest total similarity (the assignment problem), solved
 * exactly by the Hungarian method with row and column potentials, O(n² m) for n rows and m ≥ n columns. A
 * taller-than-wide matrix is solved transposed, so every latent of the smaller side gets a partner.
 */
final class OptimalAssignment {
    private OptimalAssignment() {
    }

    /** {@code result[i]} is the column matched to row {@code i}, or -1 when there are more rows than columns. */
    static int[] maximise(float[][] similarity) {
        int n = similarity.length;
        int m = n == 0 ? 0 : similarity[0].length;
        if (n == 0 || m == 0) {
            int[] none = new int[n];
            Arrays.fill(none, -1);
            return none;
        }
        if (n > m) {
            int[] byColumn = maximise(transpose(similarity));
            int[] out = new int[n];
            Arrays.fill(out, -1);
            for (int c = 0; c < m; c++) {
                out[byColumn[c]] = c;
            }
            return out;
        }
        // Minimise cost = -similarity; 1-based arrays, column 0 is the virtual start.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOfColumn = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            rowOfColumn[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = rowOfColumn[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = -similarity[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfColumn[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfColumn[j0] = rowOfColumn[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] out = new int[n];
        for (int j = 1; j <= m; j++) {
            if (rowOfColumn[j] != 0) {
                out[rowOfColumn[j] - 1] = j - 1;
            }
        }
        return out;
    }

    private static float[][] transpose(float[][] a) {
        float[][] t = new float[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}
