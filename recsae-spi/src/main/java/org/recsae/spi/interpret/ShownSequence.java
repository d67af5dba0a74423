package org.recsae.spi.interpret;

import java.util.List;
import java.util.Objects;

/** One captured prefix: its newest history items (oldest first) and the item the model ranks first there. */
public record ShownSequence(List<ShownItem> history, ShownItem predicted) {
    public ShownSequence {
        history = List.copyOf(history);
        Objects.requireNonNull(predicted, "predicted");
    }
}
