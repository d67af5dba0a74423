package org.recsae.runtime.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopPredictedTest {
    @Test
    void ordersByPeakActivationThenFrequencyThenIndex() {
        // prefix r ranks predicted[r] first; the latent fires at rows 0..6 with these activations
        int[] predicted = {4, 4, 4, 7, 9, 2, 2, 5};
        int[] rows = {0, 1, 2, 3, 4, 5, 6};
        float[] values = {0.1f, 0.2f, 0.3f, 0.9f, 0.3f, 0.25f, 0.3f};
        List<TopPredicted.Item> top = TopPredicted.of(rows, values, predicted, 10);
        // 7 peaks at 0.9; 4, 2 and 9 all peak at 0.3: 4 (3 times) before 2 (twice) before 9 (once)
        assertEquals(List.of(new TopPredicted.Item(7, 1, 0.9f), new TopPredicted.Item(4, 3, 0.3f),
                new TopPredicted.Item(2, 2, 0.3f), new TopPredicted.Item(9, 1, 0.3f)), top);
        assertEquals(2, TopPredicted.of(rows, values, predicted, 2).size());
        assertEquals(List.of(), TopPredicted.of(new int[0], new float[0], predicted, 10));
    }
}
