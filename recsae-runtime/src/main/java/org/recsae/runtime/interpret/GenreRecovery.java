package org.recsae.runtime.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.recsae.runtime.store.Json;
import org.recsae.spi.interpret.ShownItem;

/**
 * Whether the dictionary finds the catalogue's genres without being told them. The interpreter works with the
 * genre field withheld; a genre counts as recovered when some latent that is confident (>= 0.9) in that blind run
 * has top items at three times or more the genre's share of the catalogue. Only genres with at least 50 items
 * are counted, and at least three of the top items must have the genre, so a rare genre cannot be "recovered"
 * by one or two items that happen to carry it.
 */
final class GenreRecovery {
    static final List<String> FIELDS = Genres.FIELDS;
    static final int MIN_ITEMS = Genres.MIN_ITEMS;
    static final double LIFT = Genres.LIFT;
    static final double CONFIDENT = 0.9;
    static final int MIN_TOP_ITEMS = Genres.MIN_TOP_ITEMS;

    private GenreRecovery() {
    }

    /** The field to withhold: the one asked for, else the first of {@link #FIELDS} the catalogue has. */
    static Optional<String> field(Optional<String> asked, List<ShownItem> catalogue) {
        if (asked.isPresent()) {
            return asked;
        }
        return Genres.field(catalogue.stream().map(ShownItem::fields).toList());
    }

    static ObjectNode measure(String field, List<ShownItem> catalogue, Map<Long, ShownItem> byRaw,
                              List<JsonNode> entries) {
        Map<String, Integer> itemsOf = new TreeMap<>();
        for (ShownItem i : catalogue) {
            for (String g : genres(i, field)) {
                itemsOf.merge(g, 1, Integer::sum);
            }
        }
        ObjectNode out = Json.object();
        out.put("field", field);
        out.put("min_items", MIN_ITEMS);
        out.put("lift", LIFT);
        out.put("min_top_items", MIN_TOP_ITEMS);
        ArrayNode eligible = out.putArray("eligible");
        ArrayNode recovered = out.putArray("recovered");
        Map<String, ObjectNode> best = new HashMap<>();
        for (Map.Entry<String, Integer> g : itemsOf.entrySet()) {
            if (g.getValue() < MIN_ITEMS) {
                continue;
            }
            eligible.add(g.getKey());
            double base = (double) g.getValue() / catalogue.size();
            for (JsonNode e : entries) {
                JsonNode blind = e.path("controls").path("withheld");
                if (blind.path("confidence").asDouble(0) < CONFIDENT || e.path("top_items").size() == 0) {
                    continue;
                }
                int with = 0;
                for (JsonNode t : e.path("top_items")) {
                    ShownItem i = byRaw.get(t.path("item").asLong());
                    if (i != null && genres(i, field).contains(g.getKey())) {
                        with++;
                    }
                }
                double share = (double) with / e.path("top_items").size();
                ObjectNode prev = best.get(g.getKey());
                boolean better = prev == null || share > prev.path("top_item_share").asDouble();
                if (with >= MIN_TOP_ITEMS && share >= LIFT * base && better) {
                    best.put(g.getKey(), Json.object().put("genre", g.getKey()).put("latent", e.path("latent").asInt())
                            .put("top_item_share", share).put("base_rate", base)
                            .put("blind_confidence", blind.path("confidence").asDouble()));
                }
            }
            if (best.containsKey(g.getKey())) {
                recovered.add(best.get(g.getKey()));
            }
        }
        out.put("eligible_count", eligible.size());
        out.put("recovered_count", recovered.size());
        return out;
    }

    private static List<String> genres(ShownItem item, String field) {
        return Genres.of(item.fields(), field);
    }
}
