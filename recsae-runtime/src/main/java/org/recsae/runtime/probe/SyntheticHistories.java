package org.recsae.runtime.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.recsae.spi.ModelSignature;

/**
 * Deterministic histories for running a model before any data is read: lengths from full to very short, so
 * "position lengths-1" and "the last column" differ, and item indices spread over the whole table.
 */
public final class SyntheticHistories {
    private SyntheticHistories() {
    }

    public static List<int[]> make(ModelSignature signature, int batch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int max = signature.maxLength();
        List<int[]> rows = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int length = b == 0 ? max : Math.max(1, Math.min(max - 1, max / (b + 1) - b));
            int[] row = new int[length];
            for (int j = 0; j < length; j++) {
                int item;
                do {
                    item = random.nextInt(signature.itemCount());
                } while (item == signature.paddingId());
                row[j] = item;
            }
            rows.add(row);
        }
        return rows;
    }

    /** A short candidate list per row, for models that score given candidates. */
    public static int[][] candidates(ModelSignature signature, int batch, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[][] rows = new int[batch][count];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < count; j++) {
                int item;
                do {
                    item = random.nextInt(signature.itemCount());
                } while (item == signature.paddingId());
                rows[b][j] = item;
            }
        }
        return rows;
    }
}
