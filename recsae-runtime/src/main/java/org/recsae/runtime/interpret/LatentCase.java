package org.recsae.runtime.interpret;

import java.util.List;
import java.util.Optional;

/**
 * The sequences one latent is judged on: the explaining ones the description is written from, and the verifying
 * positives (other users' top sequences) and inactive ones it is scored on. A latent without enough evidence has
 * no sequences and a reason instead.
 */
public record LatentCase(int latent, int activations, int qualifying, List<Pick> explaining, List<Pick> positives,
                         List<Pick> inactive, Optional<String> unscoredReason) {

    /** A captured prefix with the latent's level (and raw value) on it. */
    public record Pick(int row, int level, float value) {
    }

    public boolean scored() {
        return unscoredReason.isEmpty();
    }

    /** The verifying sequences in the order the interpreter sees them: positives, then inactive ones. */
    public List<Pick> verifying() {
        return java.util.stream.Stream.concat(positives.stream(), inactive.stream()).toList();
    }
}
