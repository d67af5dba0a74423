package org.recsae.runtime.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.recsae.spi.RuntimeFailureException;

/**
 * A training batch's gradient as the sum of its shards' gradients, each shard's forward and backward pass on a
 * thread of its own, into a {@link TopKSae#replica()} of the SAE; the replicas' gradients are then added to the
 * SAE's own in shard order.
 *
 * <p>Why: a step is a chain of small libtorch ops, and libtorch's own threads wake and wait around every one of them
 * (with {@code OMP_WAIT_POLICY=PASSIVE}, which recsae needs so idle threads do not spin). Two shards on two
 * single-threaded streams keep both cores busy without that hand-off. Each shard's loss is normalised by the whole
 * batch's spread, so the shards' losses add up to the batch's loss; the AuxK term's normaliser, the spread of the
 * whole batch's residual, is shared through a {@link ShardRendezvous}. The split follows the shard count alone, not the number of
 * cores.
 */
final class ShardedGradient implements AutoCloseable {
    private final TopKSae[] replicas;
    private final ExecutorService pool;

    /** The latents each row chose and their values, row after row ({@code n * k} of each). */
    record Code(long[] latents, float[] values) {
    }

    /** Shards beyond the first get a replica and a thread each; the first runs on the caller's thread. */
    ShardedGradient(TopKSae sae, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be positive, found " + shards);
        }
        replicas = new TopKSae[shards];
        replicas[0] = sae;
        for (int w = 1; w < shards; w++) {
            replicas[w] = sae.replica();
        }
        pool = shards == 1 ? null : LibtorchThreads.pool(shards - 1, "recsae-sae-shard", true);
    }

    /**
     * Leaves the gradient of the batch's loss in the SAE's parameters: the reconstruction NMSE of the {@code n} rows
     * of {@code batch}, plus {@code auxWeight} times the AuxK loss over {@code dead} (none when null), with
     * {@code auxCount} latents each.
     */
    Code compute(NDManager manager, float[] batch, int n, long[] dead, int auxCount, float auxWeight) {
        int width = batch.length / n;
        int shards = Math.min(replicas.length, n);
        float spread = (float) RowSums.of(batch, width).spread();
        ShardRendezvous barrier = dead != null && shards > 1 ? new ShardRendezvous(shards) : null;
        RowSums[] errorSums = new RowSums[shards];
        Code[] codes = new Code[shards];
        Future<?>[] pending = new Future<?>[shards];
        for (int w = 1; w < shards; w++) {
            int shard = w;
            pending[w] = pool.submit(() -> shard(shard, shards, manager, batch, n, width, spread, dead, auxCount,
                    auxWeight, barrier, errorSums, codes));
        }
        Throwable failure = null;
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            shard(0, shards, manager, batch, n, width, spread, dead, auxCount, auxWeight, barrier, errorSums, codes);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        // Every shard is waited for, failed or not: none may still be using the arrays when the caller moves on.
        for (int w = 1; w < shards; w++) {
            try {
                LibtorchThreads.join(pending[w], "a shard of the batch");
            } catch (RuntimeException | Error e) {
                failure = first(failure, e);
            }
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
        try (NDScope scope = new NDScope()) {
            NDArray[] own = replicas[0].parameters();
            for (int w = 1; w < shards; w++) {
                NDArray[] theirs = replicas[w].parameters();
                for (int i = 0; i < own.length; i++) {
                    NDArray g = theirs[i].getGradient();
                    own[i].getGradient().addi(g);
                    g.subi(g);
                }
            }
        }
        return concatenate(codes);
    }

    private void shard(int w, int shards, NDManager manager, float[] batch, int n, int width, float spread,
                       long[] dead, int auxCount, float auxWeight, ShardRendezvous barrier, RowSums[] errorSums,
                       Code[] codes) {
        int from = (int) ((long) n * w / shards);
        int to = (int) ((long) n * (w + 1) / shards);
        try (NDScope scope = new NDScope()) {
            TopKSae sae = replicas[w];
            NDArray x = manager.create(Arrays.copyOfRange(batch, from * width, to * width), new Shape(to - from, width));
            TopKSae.Forward f = sae.forward(x, spread);
            NDArray loss = f.loss();
            if (dead != null) {
                errorSums[w] = RowSums.of(f.error().toFloatArray(), width);
                if (barrier != null) {
                    barrier.arriveAndWait();
                }
                RowSums all = errorSums[0];
                for (int j = 1; j < shards; j++) {
                    all = all.plus(errorSums[j]);
                }
                loss = loss.add(sae.auxLoss(f, manager.create(dead), auxCount, auxWeight, (float) all.spread()));
            }
            sae.backward(loss);
            codes[w] = new Code(f.latents().toLongArray(), f.values().toFloatArray());
        } catch (InterruptedException e) {
            barrier.abandon();
            Thread.currentThread().interrupt();
            throw new RuntimeFailureException("training was interrupted", e);
        } catch (RuntimeException | Error e) {
            if (barrier != null) {
                barrier.abandon();
            }
            throw e;
        }
    }

    /** The failure to report: one that is not merely a shard giving up on another's failure, the other suppressed. */
    private static Throwable first(Throwable seen, Throwable next) {
        if (seen == null) {
            return next;
        }
        boolean seenIsEcho = seen instanceof ShardRendezvous.Abandoned;
        Throwable kept = seenIsEcho && !(next instanceof ShardRendezvous.Abandoned) ? next : seen;
        kept.addSuppressed(kept == seen ? next : seen);
        return kept;
    }

    private static Code concatenate(Code[] codes) {
        if (codes.length == 1) {
            return codes[0];
        }
        int total = 0;
        for (Code c : codes) {
            total += c.latents().length;
        }
        long[] latents = new long[total];
        float[] values = new float[total];
        int at = 0;
        for (Code c : codes) {
            System.arraycopy(c.latents(), 0, latents, at, c.latents().length);
            System.arraycopy(c.values(), 0, values, at, c.values().length);
            at += c.latents().length;
        }
        return new Code(latents, values);
    }


    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
