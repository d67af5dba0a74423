package org.recsae.runtime.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RowSumsTest {
    /** Rows (1, 2), (3, 6), (5, 4): mean (3, 4); squared distances 4+4, 0+4, 4+0, so the spread is 16. */
    @Test
    void spreadIsTheSumOfSquaredDistancesToTheMean() {
        assertEquals(16.0, RowSums.of(new float[] {1, 2, 3, 6, 5, 4}, 2).spread(), 1e-12);
    }

    /** The shards' sums added up give the whole batch's spread, not the sum of the shards' own spreads (10 + 0). */
    @Test
    void partsAddUpToTheWholeBatch() {
        RowSums first = RowSums.of(new float[] {1, 2, 3, 6}, 2);
        RowSums second = RowSums.of(new float[] {5, 4}, 2);
        assertEquals(10.0, first.spread() + second.spread(), 1e-12);
        RowSums whole = first.plus(second);
        assertEquals(3, whole.rows());
        assertEquals(16.0, whole.spread(), 1e-12);
    }

    @Test
    void aSingleRowHasNoSpread() {
        assertEquals(0.0, RowSums.of(new float[] {2.5f, -1f, 7f}, 3).spread(), 1e-12);
    }
}
