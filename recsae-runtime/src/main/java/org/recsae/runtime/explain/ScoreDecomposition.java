package org.recsae.runtime.explain;

/**
 * One item's score split over the SAE: {@code score = base + residual + Σ contributions + interaction}, where
 * {@code contribution_j = score(x) − score(x − z_j d_j)}, {@code residual = score(x) − score(x̂)},
 * {@code base = score(b_dec)}, and the interaction is what is left (zero when the score is affine in the state).
 *
 * @param scores the catalogue scores of each row: x, then x − z_j d_j per active latent, then x̂, then b_dec
 */
record ScoreDecomposition(float[][] scores, int activeLatents) {
    double score(int item) {
        return scores[0][item];
    }

    double contribution(int latent, int item) {
        return (double) scores[0][item] - scores[1 + latent][item];
    }

    double residual(int item) {
        return (double) scores[0][item] - scores[1 + activeLatents][item];
    }

    double base(int item) {
        return scores[2 + activeLatents][item];
    }

    double interaction(int item) {
        double rest = score(item) - base(item) - residual(item);
        for (int j = 0; j < activeLatents; j++) {
            rest -= contribution(j, item);
        }
        return rest;
    }
}
