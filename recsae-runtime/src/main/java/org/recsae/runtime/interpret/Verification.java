package org.recsae.runtime.interpret;

import java.util.List;

/**
 * The paper's scores for one description on one latent's verifying sequences: recall is the share of positives
 * predicted above level 5, precision the share of inactive ones predicted at or below it (a true-negative rate),
 * confidence both counts over all of them.
 */
public record Verification(int positivesHit, int positives, int inactiveRejected, int inactive) {
    public static Verification of(LatentCase c, int[] predicted) {
        int hit = 0;
        int rejected = 0;
        List<LatentCase.Pick> verifying = c.verifying();
        for (int i = 0; i < verifying.size(); i++) {
            if (verifying.get(i).level() > 0) {
                hit += predicted[i] > InterpretConfig.POSITIVE_LEVEL ? 1 : 0;
            } else {
                rejected += predicted[i] <= InterpretConfig.POSITIVE_LEVEL ? 1 : 0;
            }
        }
        return new Verification(hit, c.positives().size(), rejected, c.inactive().size());
    }

    public double recall() {
        return (double) positivesHit / positives;
    }

    public double precision() {
        return (double) inactiveRejected / inactive;
    }

    public double confidence() {
        return (double) (positivesHit + inactiveRejected) / (positives + inactive);
    }
}
