package org.recsae.runtime.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.recsae.spi.FlatTensor;

/**
 * The trainer's loss and gradients against a plain-Java reference, derived by hand from
 * {@code z = TopK(ReLU(W_enc^T (x - b_dec) + b_enc))}, {@code x_hat = W_dec^T z + b_dec},
 * {@code L = Σ‖x − x_hat‖² / Σ‖x − mean(x)‖²}.
 */
class TopKSaeGradientTest {
    private static final int D_IN = 5;
    private static final int D_SAE = 12;
    private static final int K = 3;
    private static final int B = 7;

    @Test
    void lossAndGradientsMatchTheHandDerivedOnes() {
        SplittableRandom r = new SplittableRandom(11);
        float[] x = gaussian(r, B * D_IN, 1.5);
        float[] wEnc = gaussian(r, D_IN * D_SAE, 0.6);
        float[] bEnc = gaussian(r, D_SAE, 0.3);
        float[] wDec = gaussian(r, D_SAE * D_IN, 0.6);
        float[] bDec = gaussian(r, D_IN, 0.2);
        Reference ref = new Reference(x, wEnc, bEnc, wDec, bDec);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TopKSae sae = TopKSae.fromTensors(manager, Map.of(
                    TopKSae.W_ENC, FlatTensor.ofFloats(wEnc, D_IN, D_SAE), TopKSae.B_ENC, FlatTensor.ofFloats(bEnc, D_SAE),
                    TopKSae.W_DEC, FlatTensor.ofFloats(wDec, D_SAE, D_IN), TopKSae.B_DEC, FlatTensor.ofFloats(bDec, D_IN)),
                    K);
            NDArray[] params = sae.parameters();
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            float loss;
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                TopKSae.Forward f = sae.forward(manager.create(x, new Shape(B, D_IN)));
                loss = f.loss().getFloat();
                gc.backward(f.loss());
            }
            assertEquals(ref.loss, loss, 1e-5 * Math.max(1, ref.loss));
            // parameters() holds the encoder transposed, [d_sae, d_in]
            assertClose(ref.gradEncT, params[0].getGradient().toFloatArray(), "W_enc");
            assertClose(ref.gradBEnc, params[1].getGradient().toFloatArray(), "b_enc");
            assertClose(ref.gradWDec, params[2].getGradient().toFloatArray(), "W_dec");
            assertClose(ref.gradBDec, params[3].getGradient().toFloatArray(), "b_dec");
            assertTrue(nonZero(ref.gradEncT) > 0 && nonZero(ref.gradEncT) < ref.gradEncT.length,
                    "the case must have both chosen and unchosen latents");
        }
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

        Reference(float[] x, float[] wEnc, float[] bEnc, float[] wDec, float[] bDec) {
            double[] mean = new double[D_IN];
            for (int b = 0; b < B; b++) {
                for (int d = 0; d < D_IN; d++) {
                    mean[d] += x[b * D_IN + d] / (double) B;
                }
            }
            double spread = 0;
            for (int b = 0; b < B; b++) {
                for (int d = 0; d < D_IN; d++) {
                    spread += Math.pow(x[b * D_IN + d] - mean[d], 2);
                }
            }
            for (int b = 0; b < B; b++) {
                double[] centred = new double[D_IN];
                for (int d = 0; d < D_IN; d++) {
                    centred[d] = x[b * D_IN + d] - bDec[d];
                }
                double[] pre = new double[D_SAE];
                for (int j = 0; j < D_SAE; j++) {
                    pre[j] = bEnc[j];
                    for (int d = 0; d < D_IN; d++) {
                        pre[j] += wEnc[d * D_SAE + j] * centred[d];
                    }
                }
                int[] chosen = topK(pre);
                double[] xHat = new double[D_IN];
                for (int d = 0; d < D_IN; d++) {
                    xHat[d] = bDec[d];
                }
                for (int j : chosen) {
                    for (int d = 0; d < D_IN; d++) {
                        xHat[d] += Math.max(0, pre[j]) * wDec[j * D_IN + d];
                    }
                }
                double[] g = new double[D_IN];
                for (int d = 0; d < D_IN; d++) {
                    double e = x[b * D_IN + d] - xHat[d];
                    loss += e * e / spread;
                    g[d] = -2 * e / spread;
                    gradBDec[d] += g[d];
                }
                for (int j : chosen) {
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
        }

        private static int[] topK(double[] pre) {
            Integer[] order = new Integer[pre.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(pre[b], pre[a]));
            int[] out = new int[K];
            for (int i = 0; i < K; i++) {
                out[i] = order[i];
            }
            return out;
        }
    }
}
