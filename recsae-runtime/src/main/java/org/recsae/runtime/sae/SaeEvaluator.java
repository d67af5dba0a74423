package org.recsae.runtime.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Runs an SAE over row ranges of an activation set, without gradients, and collects {@link ReconstructionStats}. */
final class SaeEvaluator {
    private static final int BATCH = 4096;

    private SaeEvaluator() {
    }

    static ReconstructionStats run(TopKSae sae, NDManager manager, ActivationSet set, List<long[]> ranges) {
        int width = set.width();
        ReconstructionStats stats = new ReconstructionStats(width, sae.dSae());
        for (long[] r : ranges) {
            for (long from = r[0]; from < r[1]; from += BATCH) {
                int n = (int) Math.min(BATCH, r[1] - from);
                float[] x = new float[n * width];
                set.read(from, n, x);
                try (NDScope scope = new NDScope()) {
                    NDArray xs = manager.create(x, new Shape(n, width));
                    ai.djl.ndarray.NDList code = sae.encode(xs);
                    NDArray latents = code.get(0);
                    NDArray values = code.get(1);
                    NDArray xHat = sae.decode(latents, values);
                    stats.add(x, xHat.toFloatArray(), n, latents.toLongArray(), values.toFloatArray(), sae.k());
                }
            }
        }
        return stats;
    }
}
