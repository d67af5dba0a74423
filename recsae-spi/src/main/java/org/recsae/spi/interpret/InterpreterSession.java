package org.recsae.spi.interpret;

import java.util.List;

/**
 * One run's use of an interpreter. The two calls are kept apart on purpose: a prediction sees only the
 * description, never the explaining sequences, so a description can be scored on another latent's sequences
 * (the shuffled-description control) and the confidence measures the description, not the backend's memory.
 */
public interface InterpreterSession extends AutoCloseable {
    /** Describes a latent from the sequences that activate it most, each with its activation level (1..10). */
    Description describe(List<LevelledSequence> explaining);

    /**
     * One predicted activation level (0 = inactive .. 10) per sequence, in order. The sequences mix ones where
     * the latent fires and ones where it does not; the session is not told which.
     */
    int[] predictLevels(Description description, List<ShownSequence> sequences);

    /**
     * Everything besides the context that decides this session's answers (prompt templates, the model behind an
     * endpoint), so cached concepts are reused only for the same ones. Empty for backends with nothing more.
     */
    default String fingerprint() {
        return "";
    }

    @Override
    default void close() {
    }
}
