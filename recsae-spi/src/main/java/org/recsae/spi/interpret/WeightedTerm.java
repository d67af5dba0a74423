package org.recsae.spi.interpret;

import java.util.Objects;

/** A term of a description and how much it counts, e.g. {@code genre:horror} 3.2. */
public record WeightedTerm(String term, double weight) {
    public WeightedTerm {
        Objects.requireNonNull(term, "term");
    }
}
