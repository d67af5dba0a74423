package org.recsae.runtime.sae;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/** A trained SAE ready to reconstruct activations; owns the native memory of its weights. */
public final class LoadedSae implements AutoCloseable {
    private final NDManager manager;
    private final TopKSae sae;

    private LoadedSae(NDManager manager, TopKSae sae) {
        this.manager = manager;
        this.sae = sae;
    }

    public static LoadedSae of(SaeFiles files) {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        return new LoadedSae(manager, TopKSae.fromTensors(manager, files.weights(), files.k()));
    }

    public int dIn() {
        return sae.dIn();
    }

    /** x_hat for {@code rows} vectors of width d_in, row-major. */
    public float[] reconstruct(float[] x, int rows) {
        try (NDScope scope = new NDScope()) {
            return sae.reconstruct(manager.create(x, new Shape(rows, sae.dIn()))).toFloatArray();
        }
    }

    /** The active latents of each row: indices and ReLU values, {@code k} per row, row-major. */
    public record Codes(long[] latents, float[] values, int k) {
    }

    public Codes codes(float[] x, int rows) {
        try (NDScope scope = new NDScope()) {
            ai.djl.ndarray.NDArray xs = manager.create(x, new Shape(rows, sae.dIn()));
            ai.djl.ndarray.NDList code = sae.encode(xs);
            return new Codes(code.get(0).toLongArray(), code.get(1).toFloatArray(), sae.k());
        }
    }

    public int k() {
        return sae.k();
    }

    public int dSae() {
        return sae.dSae();
    }

    @Override
    public void close() {
        manager.close();
    }
}
