package org.recsae.runtime.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.recsae.spi.FlatTensor;

/**
 * A TopK sparse autoencoder: {@code z = TopK(ReLU(W_enc^T (x - b_dec) + b_enc))}, {@code x_hat = W_dec^T z + b_dec},
 * with the SAELens shapes W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc [d_sae], b_dec [d_in]. Its arrays live in
 * the manager it was made with, which owns (and frees) them.
 */
public final class TopKSae {
    public static final String W_ENC = "W_enc";
    public static final String B_ENC = "b_enc";
    public static final String W_DEC = "W_dec";
    public static final String B_DEC = "b_dec";

    private final NDArray wEnc;
    private final NDArray bEnc;
    private final NDArray wDec;
    private final NDArray bDec;
    private final int dIn;
    private final int dSae;
    private final int k;

    private TopKSae(NDArray wEnc, NDArray bEnc, NDArray wDec, NDArray bDec, int k) {
        this.wEnc = wEnc;
        this.bEnc = bEnc;
        this.wDec = wDec;
        this.bDec = bDec;
        this.dIn = (int) wEnc.getShape().get(0);
        this.dSae = (int) wEnc.getShape().get(1);
        this.k = k;
    }

    /**
     * Decoder rows drawn from a seeded Gaussian and scaled to unit norm, encoder = decoder transpose, b_enc zero,
     * b_dec = {@code bPre} (an estimate of the data's centre). Drawn in Java so the same seed gives the same start
     * on every engine and device.
     */
    public static TopKSae initialize(NDManager manager, int dIn, int dSae, int k, float[] bPre, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] dec = new float[dSae * dIn];
        for (int r = 0; r < dSae; r++) {
            double norm = 0;
            for (int c = 0; c < dIn; c++) {
                double g = gaussian(random);
                dec[r * dIn + c] = (float) g;
                norm += g * g;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int c = 0; c < dIn; c++) {
                dec[r * dIn + c] *= inv;
            }
        }
        NDArray wDec = manager.create(dec, new Shape(dSae, dIn));
        NDArray wEnc = wDec.transpose().duplicate();
        NDArray bEnc = manager.zeros(new Shape(dSae));
        NDArray bDec = manager.create(bPre, new Shape(dIn));
        return new TopKSae(wEnc, bEnc, wDec, bDec, k);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Rebuilds an SAE from SAELens-named tensors (see {@link #tensors()}). */
    public static TopKSae fromTensors(NDManager manager, Map<String, FlatTensor> t, int k) {
        return new TopKSae(array(manager, t.get(W_ENC)), array(manager, t.get(B_ENC)), array(manager, t.get(W_DEC)),
                array(manager, t.get(B_DEC)), k);
    }

    static NDArray array(NDManager manager, FlatTensor t) {
        return manager.create(t.floats(), new Shape(t.shape()));
    }

    /** The weights in SAELens names and shapes. */
    public Map<String, FlatTensor> tensors() {
        Map<String, FlatTensor> out = new LinkedHashMap<>();
        out.put(W_ENC, flat(wEnc));
        out.put(B_ENC, flat(bEnc));
        out.put(W_DEC, flat(wDec));
        out.put(B_DEC, flat(bDec));
        return out;
    }

    static FlatTensor flat(NDArray a) {
        return FlatTensor.ofFloats(a.toFloatArray(), a.getShape().getShape());
    }

    public NDArray[] parameters() {
        return new NDArray[] {wEnc, bEnc, wDec, bDec};
    }

    public static String[] parameterNames() {
        return new String[] {W_ENC, B_ENC, W_DEC, B_DEC};
    }

    public int dIn() {
        return dIn;
    }

    public int dSae() {
        return dSae;
    }

    public int k() {
        return k;
    }

    NDArray wDec() {
        return wDec;
    }

    /** ReLU pre-activations [B, d_sae]. */
    NDArray preActivations(NDArray x) {
        return x.sub(bDec).matMul(wEnc).add(bEnc).maximum(0f);
    }

    /** The top-k values [B,k] and their latent indices [B,k] of each row. */
    NDList topK(NDArray activations, int count) {
        return activations.topK(count, -1, true, false);
    }

    /** Dense codes [B, d_sae] from top-k values and indices. */
    NDArray codes(NDList top, long batch) {
        return top.get(0).getManager().zeros(new Shape(batch, dSae)).scatter(top.get(1), top.get(0), 1);
    }

    NDArray decode(NDArray codes) {
        return codes.matMul(wDec).add(bDec);
    }

    /** x_hat for a batch, with no gradient tracking. */
    public NDArray reconstruct(NDArray x) {
        NDList top = topK(preActivations(x), k);
        return decode(codes(top, x.getShape().get(0)));
    }
}
