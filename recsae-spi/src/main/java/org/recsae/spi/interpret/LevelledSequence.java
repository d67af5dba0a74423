package org.recsae.spi.interpret;

import java.util.Objects;

/** An explaining sequence with the latent's activation level on it (1..10). */
public record LevelledSequence(ShownSequence sequence, int level) {
    public LevelledSequence {
        Objects.requireNonNull(sequence, "sequence");
        if (level < 1 || level > 10) {
            throw new IllegalArgumentException("activation level must be 1..10, found " + level);
        }
    }
}
