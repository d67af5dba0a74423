package org.recsae.runtime.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recsae.spi.FlatTensor;

/**
 * The trainer's loss and gradients against a plain-Java reference, derived by hand from
 * {@code z = TopK(ReLU(W_enc^T (x - b_dec) + b_enc))}, {@code x_hat = W_dec^T z + b_dec},
 * {@code L = Σ‖x − x_hat‖² / Σ‖x − mean(x)‖²}, plus the AuxK term
 * {@code w · Σ‖ê − e‖² / Σ‖e − mean(e)‖²} with {@code e = x − x_hat} held constant and
 * {@code ê = W_dec^T z_aux}, z_aux the top {@code AUX_COUNT} of the dead latents.
 */
class TopKSaeGradientTest {
    private static final int D_IN = 5;
    private static final int D_SAE = 12;
    private static final int K = 3;
    private static final int B = 7;
    private static final long[] DEAD = {1, 4, 6, 7, 10};
    private static final int AUX_COUNT = 2;
    private static final float AUX_WEIGHT = 0.4f;

    @Test
    void lossAndGradientsMatchTheHandDerivedOnes() {
        check(false, false, 1);
    }

    @Test
    void auxKLossAndGradientsMatchTheHandDerivedOnes() {
        check(true, false, 1);
    }

    /** The batch's 7 rows in shards of 3 and 4 on two threads: the summed gradients are the whole batch's. */
    @Test
    void shardedGradientsAddUpToTheWholeBatchs() {
        check(false, false, 2);
        check(true, false, 2);
    }

    /**
     * A collection between the forward and the backward pass, with fresh direct buffers filled with junk: a
     * tensor over a Java buffer that autograd keeps while DJL lets the buffer go (as its {@code op(Number)} overloads
     * do) would now hold junk, and the gradients would be wrong.
     */
    @Test
    void gradientsSurviveAGarbageCollectionBeforeTheBackwardPass() {
        check(true, true, 1);
    }

    private static void check(boolean withAux, boolean collectBeforeBackward, int shards) {
        SplittableRandom r = new SplittableRandom(11);
        float[] x = gaussian(r, B * D_IN, 1.5);
        float[] wEnc = gaussian(r, D_IN * D_SAE, 0.6);
        float[] bEnc = gaussian(r, D_SAE, 0.3);
        float[] wDec = gaussian(r, D_SAE * D_IN, 0.6);
        float[] bDec = gaussian(r, D_IN, 0.2);
        Reference ref = new Reference(x, wEnc, bEnc, wDec, bDec, withAux);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TopKSae sae = TopKSae.fromTensors(manager, Map.of(
                    TopKSae.W_ENC, FlatTensor.ofFloats(wEnc, D_IN, D_SAE), TopKSae.B_ENC, FlatTensor.ofFloats(bEnc, D_SAE),
                    TopKSae.W_DEC, FlatTensor.ofFloats(wDec, D_SAE, D_IN), TopKSae.B_DEC, FlatTensor.ofFloats(bDec, D_IN)),
                    K);
            NDArray[] params = sae.parameters();
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            float loss = Float.NaN;
            List<ByteBuffer> junk = new ArrayList<>();
            if (shards > 1) {
                try (ShardedGradient gradient = new ShardedGradient(sae, shards)) {
                    // Two steps, the SAE's gradients cleared in between as the optimiser does: nothing of the first
                    // step may linger in the replicas' gradients.
                    gradient.compute(manager, x, B, withAux ? DEAD : null, AUX_COUNT, AUX_WEIGHT);
                    for (NDArray p : params) {
                        p.getGradient().subi(p.getGradient());
                    }
                    ShardedGradient.Code code = gradient.compute(manager, x, B, withAux ? DEAD : null, AUX_COUNT,
                            AUX_WEIGHT);
                    assertCodeMatches(ref, code);
                }
            } else {
                try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                    TopKSae.Forward f = sae.forward(manager.create(x, new Shape(B, D_IN)));
                    NDArray total = withAux
                            ? f.loss().add(sae.auxLoss(f, manager.create(DEAD), AUX_COUNT, AUX_WEIGHT)) : f.loss();
                    if (collectBeforeBackward) {
                        junk = collectAndReuseFreedBuffers();
                    }
                    loss = total.getFloat();
                    sae.backward(total);
                }
                assertEquals(ref.loss, loss, 1e-5 * Math.max(1, ref.loss));
            }
            java.lang.ref.Reference.reachabilityFence(junk);
            // parameters() holds the encoder transposed, [d_sae, d_in]
            assertClose(ref.gradEncT, params[0].getGradient().toFloatArray(), "W_enc");
            assertClose(ref.gradBEnc, params[1].getGradient().toFloatArray(), "b_enc");
            assertClose(ref.gradWDec, params[2].getGradient().toFloatArray(), "W_dec");
            assertClose(ref.gradBDec, params[3].getGradient().toFloatArray(), "b_dec");
            assertTrue(nonZero(ref.gradEncT) > 0 && nonZero(ref.gradEncT) < ref.gradEncT.length,
                    "the case must have both chosen and unchosen latents");
            if (withAux) {
                assertTrue(ref.auxLoss > 0 && ref.auxOnlyLatents > 0,
                        "the AuxK term must add to the loss and reach latents the TopK did not choose");
            }
        }
    }

    /** Row after row, the latents each row chose and their values, as the trainer's fired-latent counters read them. */
    private static void assertCodeMatches(Reference ref, ShardedGradient.Code code) {
        assertEquals(B * K, code.latents().length, "every row's chosen latents come back");
        for (int b = 0; b < B; b++) {
            java.util.Map<Long, Float> got = new java.util.TreeMap<>();
            for (int i = b * K; i < (b + 1) * K; i++) {
                got.put(code.latents()[i], code.values()[i]);
            }
            assertEquals(ref.chosen[b].keySet(), got.keySet(), "row " + b + "'s latents");
            for (var e : ref.chosen[b].entrySet()) {
                assertEquals(e.getValue(), got.get(e.getKey()), 1e-5, "row " + b + ", latent " + e.getKey());
            }
        }
    }

    /** Lets the garbage collector free unreachable direct buffers, then takes many small ones filled with junk. */
    private static List<ByteBuffer> collectAndReuseFreedBuffers() {
        System.gc();
        try {
            Thread.sleep(50); // the JDK frees unreachable direct buffers on its own thread, after the collection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 4)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(1000f);
            }
            junk.add(b);
        }
        return junk;
    }

    private static int nonZero(double[] a) {
        int n = 0;
        for (double v : a) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 + 1e-4 * Math.abs(expected[i]), what + "[" + i + "]");
        }
    }

    private static float[] gaussian(SplittableRandom r, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (scale * r.nextGaussian());
        }
        return out;
    }

    /** The forward pass and its gradient in double precision, one vector and one latent at a time. */
    private static final class Reference {
        double loss;
        final double[] gradEncT = new double[D_SAE * D_IN];
        final double[] gradBEnc = new double[D_SAE];
        final double[] gradWDec = new double[D_SAE * D_IN];
        final double[] gradBDec = new double[D_IN];
        double auxLoss;
        /** (vector, latent) pairs that only the AuxK term reaches, with a positive pre-activation. */
        int auxOnlyLatents;
        /** Each row's chosen latents and their values. */
        @SuppressWarnings("unchecked")
        final java.util.Map<Long, Double>[] chosen = new java.util.Map[B];

        Reference(float[] x, float[] wEnc, float[] bEnc, float[] wDec, float[] bDec, boolean withAux) {
            double[] xs = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                xs[i] = x[i];
            }
            double spread = spread(xs);
            double[][] centred = new double[B][D_IN];
            double[][] pre = new double[B][D_SAE];
            double[] residual = new double[B * D_IN];
            for (int b = 0; b < B; b++) {
                for (int d = 0; d < D_IN; d++) {
                    centred[b][d] = x[b * D_IN + d] - bDec[d];
                }
                for (int j = 0; j < D_SAE; j++) {
                    pre[b][j] = bEnc[j];
                    for (int d = 0; d < D_IN; d++) {
                        pre[b][j] += wEnc[d * D_SAE + j] * centred[b][d];
                    }
                }
                int[] chosen = top(pre[b], allLatents(), K);
                this.chosen[b] = new java.util.TreeMap<>();
                for (int j : chosen) {
                    this.chosen[b].put((long) j, Math.max(0, pre[b][j]));
                }
                double[] xHat = new double[D_IN];
                for (int d = 0; d < D_IN; d++) {
                    xHat[d] = bDec[d];
                }
                for (int j : chosen) {
                    for (int d = 0; d < D_IN; d++) {
                        xHat[d] += Math.max(0, pre[b][j]) * wDec[j * D_IN + d];
                    }
                }
                double[] g = new double[D_IN];
                for (int d = 0; d < D_IN; d++) {
                    double e = x[b * D_IN + d] - xHat[d];
                    residual[b * D_IN + d] = e;
                    loss += e * e / spread;
                    g[d] = -2 * e / spread;
                    gradBDec[d] += g[d];
                }
                backThroughLatents(chosen, pre[b], centred[b], g, wEnc, wDec);
            }
            if (!withAux) {
                return;
            }
            // The residual is a constant here: its gradient does not flow back into the forward pass.
            double residualSpread = spread(residual);
            long[] dead = DEAD;
            for (int b = 0; b < B; b++) {
                int[] aux = top(pre[b], dead, AUX_COUNT);
                double[] g = new double[D_IN];
                for (int d = 0; d < D_IN; d++) {
                    double eHat = 0;
                    for (int j : aux) {
                        eHat += Math.max(0, pre[b][j]) * wDec[j * D_IN + d];
                    }
                    double diff = eHat - residual[b * D_IN + d];
                    auxLoss += AUX_WEIGHT * diff * diff / residualSpread;
                    g[d] = AUX_WEIGHT * 2 * diff / residualSpread;
                }
                for (int j : aux) {
                    auxOnlyLatents += pre[b][j] > 0 && !contains(top(pre[b], allLatents(), K), j) ? 1 : 0;
                }
                backThroughLatents(aux, pre[b], centred[b], g, wEnc, wDec);
            }
            loss += auxLoss;
        }

        /** Adds the gradients of a loss whose gradient at the reconstruction is {@code g}, through {@code latents}. */
        private void backThroughLatents(int[] latents, double[] pre, double[] centred, double[] g, float[] wEnc,
                                        float[] wDec) {
            for (int j : latents) {
                double v = Math.max(0, pre[j]);
                double dv = 0;
                for (int d = 0; d < D_IN; d++) {
                    gradWDec[j * D_IN + d] += v * g[d];
                    dv += g[d] * wDec[j * D_IN + d];
                }
                double dPre = pre[j] > 0 ? dv : 0;
                gradBEnc[j] += dPre;
                for (int d = 0; d < D_IN; d++) {
                    gradEncT[j * D_IN + d] += dPre * centred[d];
                    gradBDec[d] -= dPre * wEnc[d * D_SAE + j];
                }
            }
        }

        /** Σ over rows of ‖row − mean row‖², for B rows of D_IN. */
        private static double spread(double[] rows) {
            double[] mean = new double[D_IN];
            for (int b = 0; b < B; b++) {
                for (int d = 0; d < D_IN; d++) {
                    mean[d] += rows[b * D_IN + d] / B;
                }
            }
            double out = 0;
            for (int b = 0; b < B; b++) {
                for (int d = 0; d < D_IN; d++) {
                    out += Math.pow(rows[b * D_IN + d] - mean[d], 2);
                }
            }
            return out;
        }

        private static long[] allLatents() {
            long[] all = new long[D_SAE];
            for (int j = 0; j < D_SAE; j++) {
                all[j] = j;
            }
            return all;
        }

        private static boolean contains(int[] a, int v) {
            for (int x : a) {
                if (x == v) {
                    return true;
                }
            }
            return false;
        }

        /** The {@code count} latents among {@code candidates} with the largest pre-activations. */
        private static int[] top(double[] pre, long[] candidates, int count) {
            Integer[] order = new Integer[candidates.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = (int) candidates[i];
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(pre[b], pre[a]));
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = order[i];
            }
            return out;
        }
    }
}
