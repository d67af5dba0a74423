package org.recsae.spi.interpret;

import java.util.List;
import java.util.Objects;

/**
 * What an interpreter says a latent means.
 *
 * @param text      the description in words, as users read it
 * @param terms     the weighted terms behind the text, for backends that work with terms (empty for LLMs)
 * @param threshold the match score above which the backend predicts an active sequence; {@code NaN} when the
 *                  backend does not score by matching
 */
public record Description(String text, List<WeightedTerm> terms, double threshold) {
    public Description {
        Objects.requireNonNull(text, "text");
        terms = List.copyOf(terms);
    }

    public static Description ofText(String text) {
        return new Description(text, List.of(), Double.NaN);
    }
}
