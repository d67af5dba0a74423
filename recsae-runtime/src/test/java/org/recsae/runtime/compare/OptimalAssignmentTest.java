package org.recsae.runtime.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Hungarian method against brute force over every matching, on random square and rectangular matrices. */
class OptimalAssignmentTest {

    @Test
    void findsTheBestTotalOnRandomMatricesOfEveryShape() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(6);
            int m = 1 + rng.nextInt(6);
            float[][] s = new float[n][m];
            for (float[] row : s) {
                for (int j = 0; j < m; j++) {
                    // Ties on purpose now and then: the total must still be optimal.
                    row[j] = rng.nextInt(4) == 0 ? 0.5f : rng.nextFloat() * 2 - 1;
                }
            }
            int[] match = OptimalAssignment.maximise(s);
            assertEquals(n, match.length);
            Set<Integer> used = new HashSet<>();
            double total = 0;
            int assigned = 0;
            for (int i = 0; i < n; i++) {
                if (match[i] >= 0) {
                    assertTrue(used.add(match[i]), "column " + match[i] + " given twice");
                    total += s[i][match[i]];
                    assigned++;
                }
            }
            assertEquals(Math.min(n, m), assigned, "every row of the smaller side gets a partner");
            assertEquals(bruteForce(s, 0, new boolean[m]), total, 1e-5, "trial " + trial + " (" + n + "x" + m + ")");
        }
    }

    /** The best total over all matchings of min(n, m) pairs. */
    private static double bruteForce(float[][] s, int row, boolean[] used) {
        int n = s.length;
        int m = s[0].length;
        if (row == n) {
            return 0;
        }
        double best = Double.NEGATIVE_INFINITY;
        // A row may stay unmatched only while enough rows remain to fill every column.
        if (n - row > m - count(used)) {
            best = bruteForce(s, row + 1, used);
        }
        for (int j = 0; j < m; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.max(best, s[row][j] + bruteForce(s, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }

    private static int count(boolean[] used) {
        int c = 0;
        for (boolean u : used) {
            c += u ? 1 : 0;
        }
        return c;
    }
}
