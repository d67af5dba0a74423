package org.recsae.runtime.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs an SAE over row ranges of an activation set, without gradients, and collects {@link ReconstructionStats}.
 * The batches alternate between the calling thread and a helper thread (the trainer gives libtorch one thread per
 * batch shard), and the two threads' sums are merged in a fixed order, so the figures do not depend on timing.
 */
final class SaeEvaluator {
    private static final int BATCH = 4096;
    private static final int THREADS = 2;

    private SaeEvaluator() {
    }

    /** {@code helper} runs every second batch; its threads must have libtorch's grad mode off. */
    static ReconstructionStats run(TopKSae sae, NDManager manager, ActivationSet set, List<long[]> ranges,
                                   ExecutorService helper) {
        List<long[]> batches = new ArrayList<>();
        for (long[] r : ranges) {
            for (long from = r[0]; from < r[1]; from += BATCH) {
                batches.add(new long[] {from, Math.min(BATCH, r[1] - from)});
            }
        }
        Future<ReconstructionStats> second = helper.submit(() -> run(sae, manager, set, batches, 1));
        ReconstructionStats first;
        try {
            first = run(sae, manager, set, batches, 0);
        } catch (RuntimeException | Error e) {
            LibtorchThreads.settle(second, e);
            throw e;
        }
        return first.plus(LibtorchThreads.join(second, "evaluating the SAE"));
    }

    private static ReconstructionStats run(TopKSae sae, NDManager manager, ActivationSet set, List<long[]> batches,
                                           int thread) {
        int width = set.width();
        ReconstructionStats stats = new ReconstructionStats(width, sae.dSae());
        for (int b = thread; b < batches.size(); b += THREADS) {
            long from = batches.get(b)[0];
            int n = (int) batches.get(b)[1];
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
        return stats;
    }
}
