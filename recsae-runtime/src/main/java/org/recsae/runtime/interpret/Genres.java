package org.recsae.runtime.interpret;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The catalogue's genre field, wherever its items keep it, split into lower-case genre names. */
public final class Genres {
    /** The field names read as genres, in order of preference. */
    public static final List<String> FIELDS = List.of("genres", "genre", "category", "categories", "subcategory");

    /*
     * When a latent is "about" a genre, the one rule genre recovery and concept comparison share: the genre has at
     * least MIN_ITEMS items, at least MIN_TOP_ITEMS of the latent's top items carry it, and that share is at least
     * LIFT times the genre's share of the catalogue, so a rare genre cannot be claimed by one or two items.
     */
    public static final int MIN_ITEMS = 50;
    public static final int MIN_TOP_ITEMS = 3;
    public static final double LIFT = 3.0;

    private Genres() {
    }

    /** The first of {@link #FIELDS} that some item has. */
    public static Optional<String> field(Collection<Map<String, String>> itemFields) {
        for (String f : FIELDS) {
            if (itemFields.stream().anyMatch(m -> m.containsKey(f))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The genres in an item's {@code field}, '|'-separated as MovieLens writes them. */
    public static List<String> of(Map<String, String> fields, String field) {
        String v = fields.getOrDefault(field, "");
        return java.util.Arrays.stream(v.split("\\|")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty() && !s.equals("(no genres listed)")).toList();
    }
}
