package org.recsae.runtime.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.recsae.spi.UsageException;

class ActivationLevelsTest {
    @Test
    void quantilesInterpolateLikeNumpy() {
        float[] sorted = {1, 2, 3, 4};
        // numpy.quantile([1,2,3,4], q) = 1 + q * 3 for linear interpolation
        for (double q : new double[] {0, 0.1, 0.25, 0.5, 0.9, 1}) {
            assertEquals(1 + 3 * q, ActivationLevels.quantile(sorted, q), 1e-9);
        }
    }

    @Test
    void globalDecilesSplitDistinctValuesIntoTenths() {
        java.util.Random r = new java.util.Random(3);
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (r.nextDouble() * 10 + 1e-3);
        }
        ActivationLevels levels = ActivationLevels.of(LatentActivationsFixture.oneLatent(values),
                LevelScheme.GLOBAL_DECILES);
        int[] perLevel = new int[11];
        for (float v : values) {
            perLevel[levels.level(0, v)]++;
        }
        assertEquals(0, perLevel[0]);
        for (int l = 1; l <= 10; l++) {
            assertTrue(Math.abs(perLevel[l] - 100) <= 1, "level " + l + " holds " + perLevel[l]);
        }
        assertEquals(0, levels.level(0, 0f));
    }

    @Test
    void latentMaxLevelsAreTenthsOfEachLatentsMaximum() {
        ActivationLevels levels = ActivationLevels.of(LatentActivationsFixture.oneLatent(new float[] {0.5f, 2f, 5f}),
                LevelScheme.LATENT_MAX);
        assertEquals(10, levels.level(0, 5f));
        assertEquals(4, levels.level(0, 2f));
        assertEquals(1, levels.level(0, 0.5f));
        assertEquals(1, levels.level(0, 0.01f));
    }

    @Test
    void latentChoiceKeepsCountsAndIdsApart() {
        long[] counts = {5, 50, 0, 20};
        boolean[] alive = {true, true, false, true};
        assertEquals(List.of(0, 1, 3), LatentChoice.parse("all").select(counts, alive));
        assertEquals(List.of(1, 3), LatentChoice.parse("2").select(counts, alive));
        assertEquals(List.of(2), LatentChoice.parse("2,").select(counts, alive));
        assertEquals(List.of(0, 3), LatentChoice.parse("3, 0").select(counts, alive));
        assertEquals("2,", LatentChoice.parse("2,").jsonName());
        for (String bad : new String[] {"", "x", "0", "-1,", ",", "1.5"}) {
            assertThrows(UsageException.class, () -> LatentChoice.parse(bad), bad);
        }
        UsageException e = assertThrows(UsageException.class, () -> LatentChoice.parse("9,").select(counts, alive));
        assertTrue(e.getMessage().contains("has 4 latents"), e.getMessage());
    }
}
