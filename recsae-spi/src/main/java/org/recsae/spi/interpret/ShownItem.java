package org.recsae.spi.interpret;

import java.util.Map;
import java.util.Objects;

/**
 * An item as an interpreter sees it: raw id, title, text fields (minus any withheld ones), and how many
 * interactions the log has with it.
 */
public record ShownItem(long rawId, String title, Map<String, String> fields, long interactions) {
    public ShownItem {
        Objects.requireNonNull(title, "title");
        fields = Map.copyOf(fields);
    }
}
