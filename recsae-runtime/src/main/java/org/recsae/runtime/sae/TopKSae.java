package org.recsae.runtime.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.recsae.spi.FlatTensor;

/**
 * A TopK sparse autoencoder: {@code z = TopK(ReLU(W_enc^T (x - b_dec) + b_enc))}, {@code x_hat = W_dec^T z + b_dec},
 * with the SAELens shapes W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc [d_sae], b_dec [d_in]. Its arrays live in
 * the manager it was made with, which owns (and frees) them.
 *
 * <p>The encoder is held transposed ([d_sae, d_in], one row per latent). Training computes all d_sae
 * pre-activations with gradient and takes the chosen latents' values from them: TopK's gradient is zero off the
 * chosen latents, and the dense products' backward is two GEMMs, which measured faster here than gathering the k
 * encoder rows per vector and multiplying them batch by batch. The decoder side gathers the k active rows
 * (an embedding lookup, whose backward touches only those rows).
 */
public final class TopKSae {
    public static final String W_ENC = "W_enc";
    public static final String B_ENC = "b_enc";
    public static final String W_DEC = "W_dec";
    public static final String B_DEC = "b_dec";

    private final NDArray wEncT;
    private final NDArray bEnc;
    private final NDArray wDec;
    private final NDArray bDec;
    private final int dIn;
    private final int dSae;
    private final int k;

    private TopKSae(NDArray wEncT, NDArray bEnc, NDArray wDec, NDArray bDec, int k) {
        this.wEncT = wEncT;
        this.bEnc = bEnc;
        this.wDec = wDec;
        this.bDec = bDec;
        this.dSae = (int) wEncT.getShape().get(0);
        this.dIn = (int) wEncT.getShape().get(1);
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
        NDArray wEncT = manager.create(dec, new Shape(dSae, dIn));
        NDArray bEnc = manager.zeros(new Shape(dSae));
        NDArray bDec = manager.create(bPre, new Shape(dIn));
        return new TopKSae(wEncT, bEnc, wDec, bDec, k);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Rebuilds an SAE from SAELens-named tensors (see {@link #tensors()}). */
    public static TopKSae fromTensors(NDManager manager, Map<String, FlatTensor> t, int k) {
        return new TopKSae(array(manager, transpose(t.get(W_ENC))), array(manager, t.get(B_ENC)),
                array(manager, t.get(W_DEC)), array(manager, t.get(B_DEC)), k);
    }

    /** A 2-D tensor transposed, in Java so the bytes are exact. */
    static FlatTensor transpose(FlatTensor t) {
        int rows = (int) t.dim(0);
        int cols = (int) t.dim(1);
        float[] src = t.floats();
        float[] out = new float[src.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = src[i * cols + j];
            }
        }
        return FlatTensor.ofFloats(out, cols, rows);
    }

    static NDArray array(NDManager manager, FlatTensor t) {
        return manager.create(t.floats(), new Shape(t.shape()));
    }

    /** The weights in SAELens names and shapes. */
    public Map<String, FlatTensor> tensors() {
        Map<String, FlatTensor> out = new LinkedHashMap<>();
        out.put(W_ENC, transpose(flat(wEncT)));
        out.put(B_ENC, flat(bEnc));
        out.put(W_DEC, flat(wDec));
        out.put(B_DEC, flat(bDec));
        return out;
    }

    static FlatTensor flat(NDArray a) {
        return FlatTensor.ofFloats(a.toFloatArray(), a.getShape().getShape());
    }

    /** The trained arrays, the encoder transposed ([d_sae, d_in]); see {@link #parameterNames()}. */
    public NDArray[] parameters() {
        return new NDArray[] {wEncT, bEnc, wDec, bDec};
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

    NDArray bDec() {
        return bDec;
    }

    /** Pre-activations [B, d_sae] before the ReLU. */
    NDArray preActivations(NDArray x) {
        return x.sub(bDec).matMul(wEncT.transpose()).add(bEnc);
    }

    /** The {@code count} largest pre-activations' latent indices [B, count] and values [B, count]. */
    static NDList select(NDArray pre, int count) {
        return pre.topK(count, -1, true, false);
    }

    /**
     * The {@code count} largest pre-activations among the latents in {@code candidates} [n]: their latent indices
     * [B, count]. Only those n columns are ranked, which is cheap when few latents are dead.
     */
    private static NDArray selectAmong(NDArray pre, NDArray candidates, int count) {
        NDArray columns = lookup(candidates, pre.transpose()).transpose();
        NDArray local = columns.topK(count, -1, true, false).get(1);
        return lookup(local, candidates.reshape(candidates.getShape().get(0), 1)).squeeze(2);
    }

    /** ReLU activations [B, n] of the latents {@code latents} [B, n], read from the pre-activations. */
    private static NDArray activations(NDArray pre, NDArray latents) {
        return relu(pre.gather(latents, 1));
    }

    /**
     * ReLU without a Java number: DJL's {@code maximum(0f)} (like every {@code NDArray op(Number)}) wraps the number
     * in a tensor over a Java direct buffer and closes it right after the op, while autograd keeps that tensor for
     * the backward pass. A garbage collection in between frees the buffer, and the backward reads freed memory.
     */
    private static NDArray relu(NDArray a) {
        return a.getNDArrayInternal().relu();
    }

    /**
     * A scalar owned by libtorch, for arithmetic inside a gradient scope; see {@link #relu} for why the
     * {@code Number} overloads are not safe there.
     */
    static NDArray constant(NDArray like, float value) {
        return like.getManager().full(new Shape(), value);
    }

    /** The code of a batch: the k chosen latents [B, k] and their ReLU values [B, k]. */
    NDList encode(NDArray x) {
        return chosen(preActivations(x));
    }

    /** The k largest pre-activations' latents [B, k] and their ReLU values [B, k]. */
    private NDList chosen(NDArray pre) {
        NDList top = select(pre, k);
        return new NDList(top.get(1), relu(top.get(0)));
    }

    /** One training forward pass: the pre-activations, the chosen latents and values, the residual and the loss. */
    record Forward(NDArray pre, NDArray latents, NDArray values, NDArray error, NDArray loss) {
    }

    /**
     * The reconstruction loss of a batch, {@code Σ‖x − x̂‖² / Σ‖x − mean(x)‖²} (the batch's NMSE), traced for
     * {@link #backward}: b_dec's path through the encoder is not traced, and only {@code backward} adds it.
     */
    Forward forward(NDArray x) {
        return forward(x, (float) spread(x.toFloatArray(), dIn));
    }

    /**
     * The reconstruction loss of some rows of a batch, {@code Σ‖x − x̂‖² / spread}, with {@code spread} the whole
     * batch's {@code Σ‖x − mean(x)‖²}: the losses of a batch's shards add up to the batch's loss.
     */
    Forward forward(NDArray x, float spread) {
        // b_dec's gradient through the encoder is added by backward(), not traced through this product.
        NDArray pre = x.sub(bDec.stopGradient()).matMul(wEncT.transpose()).add(bEnc);
        NDList code = chosen(pre);
        NDArray error = x.sub(decode(code.get(0), code.get(1)));
        return new Forward(pre, code.get(0), code.get(1), error,
                error.square().sum().div(constant(x, spread + 1e-12f)));
    }

    /** {@code Σ‖x − mean(x)‖²} over rows of {@code width} floats, summed in double precision. */
    static double spread(float[] x, int width) {
        return RowSums.of(x, width).spread();
    }

    /**
     * The AuxK loss times {@code weight}, for a whole batch: the {@code count} largest pre-activations among the
     * latents {@code dead} [n] reconstruct the forward pass's residual, detached, with no bias:
     * {@code weight · ‖ê − e‖² / ‖e − mean(e)‖²}, {@code ê = W_dec^T z_aux}.
     */
    NDArray auxLoss(Forward f, NDArray dead, int count, float weight) {
        return auxLoss(f, dead, count, weight, (float) spread(f.error().toFloatArray(), dIn));
    }

    /** The AuxK loss of some rows of a batch, with {@code errorSpread} the whole batch's {@code Σ‖e − mean(e)‖²}. */
    NDArray auxLoss(Forward f, NDArray dead, int count, float weight, float errorSpread) {
        NDArray latents = selectAmong(f.pre().stopGradient(), dead, count);
        // No bias: the dead latents model the residual, not the input.
        NDArray eHat = decode(latents, activations(f.pre(), latents)).sub(bDec);
        NDArray e = f.error().stopGradient();
        return eHat.sub(e).square().sum().mul(constant(e, weight / (errorSpread + 1e-12f)));
    }

    /**
     * Back-propagates {@code loss} (built from {@link #forward} and {@link #auxLoss}) into the four parameters, whose
     * gradients must be zero before, on the calling thread (whose grad mode must be on). The encoder sees b_dec only
     * as the shift {@code −W_enc^T b_dec}, the same for every vector, and b_enc enters it the same way, so b_dec's
     * gradient through the encoder is {@code −W_enc ∂L/∂b_enc}: a product with d_sae numbers, where tracing it
     * through {@code x − b_dec} would cost a [B, d_sae] x [d_sae, d_in] product (about 5 % of a training step at
     * 2048 latents).
     */
    void backward(NDArray loss) {
        // Straight to libtorch, not through a GradientCollector: DJL allows one collector at a time in the process,
        // and the shards of a batch run their backward passes side by side (ShardedGradient).
        JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
        try (NDScope scope = new NDScope()) {
            bDec.getGradient().subi(bEnc.getGradient().matMul(wEncT.stopGradient()));
        }
    }

    /**
     * A second SAE over the same storage, whose parameters are leaves of their own: it reads every update made to
     * this one, and its gradients are kept apart, so a shard of a batch can back-propagate into it alongside
     * another shard.
     */
    TopKSae replica() {
        NDArray[] views = new NDArray[] {wEncT.stopGradient(), bEnc.stopGradient(), wDec.stopGradient(),
                bDec.stopGradient()};
        for (NDArray v : views) {
            v.setRequiresGradient(true);
        }
        return new TopKSae(views[0], views[1], views[2], views[3], k);
    }

    /** Reconstruction from the chosen latents' values: {@code Σ value · W_dec[latent] + b_dec}. */
    NDArray decode(NDArray latents, NDArray values) {
        return values.expandDims(1).batchMatMul(lookup(latents, wDec)).squeeze(1).add(bDec);
    }

    /** Rows of {@code table} at {@code indices}: [B, k, width], with a backward pass that touches only those rows. */
    private static NDArray lookup(NDArray indices, NDArray table) {
        return indices.getNDArrayInternal().embedding(indices, table, ai.djl.ndarray.types.SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /** x_hat for a batch, with no gradient tracking. */
    public NDArray reconstruct(NDArray x) {
        NDList code = encode(x);
        return decode(code.get(0), code.get(1));
    }
}
