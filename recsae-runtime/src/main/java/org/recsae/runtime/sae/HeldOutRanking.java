package org.recsae.runtime.sae;

/**
 * The model's ranking on the held-out users with an SAE spliced in, for early stopping on the task ({@code train
 * --dev-ndcg}). The trainer cannot score rankings itself (that needs the model's tail), so the command that starts
 * training supplies one.
 */
public interface HeldOutRanking extends AutoCloseable {

    /** Rebuilds {@code rows} vectors of width d_in, row-major, as the SAE being trained does. */
    @FunctionalInterface
    interface Reconstruction {
        float[] apply(float[] x, int rows);
    }

    /** (NDCG@10 with the original states − NDCG@10 with their reconstructions) / the former. */
    double relativeLoss(Reconstruction sae);

    @Override
    void close();
}
