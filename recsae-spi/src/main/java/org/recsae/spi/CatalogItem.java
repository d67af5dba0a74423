package org.recsae.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One item of a catalogue as the data layer knows it: its raw id (as in the interaction log), a display title, and
 * any other text fields (genres, category, abstract) by column name.
 */
public record CatalogItem(long rawId, String title, Map<String, String> fields) {
    public CatalogItem {
        Objects.requireNonNull(title, "title");
        fields = Map.copyOf(fields);
    }
}
