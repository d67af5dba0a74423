package org.recsae.runtime.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.recsae.spi.RuntimeFailureException;

/**
 * Runs an SAE over row ranges of an activation set, without gradients, and collects {@link ReconstructionStats}.
 * The batches alternate between two threads (the trainer gives libtorch one thread per batch shard), and the two
 * threads' sums are merged in a fixed order, so the figures do not depend on timing.
 */
final class SaeEvaluator {
    private static final int BATCH = 4096;
    private static final int THREADS = 2;

    private SaeEvaluator() {
    }

    static ReconstructionStats run(TopKSae sae, NDManager manager, ActivationSet set, List<long[]> ranges) {
        List<long[]> batches = new ArrayList<>();
        for (long[] r : ranges) {
            for (long from = r[0]; from < r[1]; from += BATCH) {
                batches.add(new long[] {from, Math.min(BATCH, r[1] - from)});
            }
        }
        CompletableFuture<ReconstructionStats> second = CompletableFuture.supplyAsync(() -> {
            JniUtils.setGradMode(false); // a new thread starts with libtorch's grad mode on
            return run(sae, manager, set, batches, 1);
        });
        ReconstructionStats first = run(sae, manager, set, batches, 0);
        try {
            return first.plus(second.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RuntimeFailureException("evaluating the SAE failed: " + e.getCause(), e.getCause());
        }
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
