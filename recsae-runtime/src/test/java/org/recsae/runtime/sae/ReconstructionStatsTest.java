package org.recsae.runtime.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The metric formulas on cases small enough to compute by hand. */
class ReconstructionStatsTest {
    @Test
    void nmseExplainedVarianceL0AndDeadOnAHandCase() {
        // x = [[1,0],[3,0]], x_hat = [[1,1],[2,0]] -> r = [[0,-1],[1,0]], sum |r|^2 = 2.
        // mean(x) = [2,0], sum |x - mean|^2 = 1 + 1 = 2 -> NMSE = 1.
        // mean(r) = [0.5,-0.5], sum |r - mean(r)|^2 = 0.5 + 0.5 = 1 -> explained variance = 1 - 1/2 = 0.5.
        ReconstructionStats s = new ReconstructionStats(2, 4);
        float[] x = {1, 0, 3, 0};
        float[] xHat = {1, 1, 2, 0};
        // k = 2: row 0 fires latents 0 and 2; row 1 fires latent 2 and has a zero value for latent 1 (not active).
        long[] idx = {0, 2, 2, 1};
        float[] val = {0.5f, 1f, 2f, 0f};
        s.add(x, xHat, 2, idx, val, 2);
        assertEquals(1.0, s.nmse(), 1e-12);
        assertEquals(0.5, s.explainedVariance(), 1e-12);
        assertEquals(1.5, s.l0(), 1e-12);
        assertEquals(2, s.deadLatents(), "latents 1 and 3 never fire");
        assertEquals(0.5, s.deadFraction(), 1e-12);
    }

    @Test
    void perfectReconstructionAndMerging() {
        ReconstructionStats a = new ReconstructionStats(1, 2);
        a.add(new float[] {1, 2}, new float[] {1, 2}, 2, new long[] {0, 0}, new float[] {1, 1}, 1);
        ReconstructionStats b = new ReconstructionStats(1, 2);
        b.add(new float[] {4}, new float[] {3}, 1, new long[] {1}, new float[] {2}, 1);
        assertEquals(0.0, a.nmse(), 1e-12);
        ReconstructionStats all = a.plus(b);
        // x = 1,2,4: mean 7/3, spread = (16+1+25)/9 = 42/9; residual 0,0,1 -> NMSE = 9/42.
        assertEquals(9.0 / 42, all.nmse(), 1e-12);
        assertEquals(0, all.deadLatents());
        assertEquals(3, all.vectors());
    }
}
