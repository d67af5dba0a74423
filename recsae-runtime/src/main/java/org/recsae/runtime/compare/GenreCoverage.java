package org.recsae.runtime.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.recsae.runtime.interpret.Genres;
import org.recsae.runtime.store.Json;
import org.recsae.spi.CatalogItem;
import org.recsae.spi.ItemCatalog;

/**
 * Which genres each side's latents are about, read from the latents' own profiles, not their descriptions (so the
 * table means the same whatever interpreter wrote them). A latent covers a genre when at least 3 of its 10 items
 * of largest activation mass carry it and that share is at least 3 times the genre's share of the catalogue;
 * genres with fewer than 50 items are left out: {@link Genres}' rule, as in the dictionary's genre recovery.
 */
final class GenreCoverage {
    static final int TOP = 10;

    private GenreCoverage() {
    }

    static Optional<ArrayNode> table(ItemCatalog catalogue, LatentProfiles a, LatentProfiles b,
                                     List<int[]> matchedPairs) {
        List<Map<String, String>> fields = catalogue.items().stream().map(CatalogItem::fields).toList();
        Optional<String> field = Genres.field(fields);
        if (field.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, List<String>> genresOf = new HashMap<>();
        Map<String, Integer> itemsOf = new TreeMap<>();
        for (CatalogItem item : catalogue.items()) {
            List<String> g = Genres.of(item.fields(), field.get());
            genresOf.put(item.rawId(), g);
            g.forEach(x -> itemsOf.merge(x, 1, Integer::sum));
        }
        Map<Integer, Set<String>> coverA = covers(a, genresOf, itemsOf, catalogue.items().size());
        Map<Integer, Set<String>> coverB = covers(b, genresOf, itemsOf, catalogue.items().size());
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Map.Entry<String, Integer> g : itemsOf.entrySet()) {
            if (g.getValue() < Genres.MIN_ITEMS) {
                continue;
            }
            String genre = g.getKey();
            long both = matchedPairs.stream().filter(p -> coverA.getOrDefault(p[0], Set.of()).contains(genre)
                    && coverB.getOrDefault(p[1], Set.of()).contains(genre)).count();
            out.add(Json.object().put("genre", genre).put("items", g.getValue())
                    .put("a", count(coverA, genre)).put("b", count(coverB, genre)).put("matched_pairs", both));
        }
        return Optional.of(out);
    }

    private static long count(Map<Integer, Set<String>> cover, String genre) {
        return cover.values().stream().filter(s -> s.contains(genre)).count();
    }

    private static Map<Integer, Set<String>> covers(LatentProfiles p, Map<Long, List<String>> genresOf,
                                                   Map<String, Integer> itemsOf, int catalogueSize) {
        Map<Integer, Set<String>> out = new HashMap<>();
        for (int j = 0; j < p.latents(); j++) {
            if (!p.alive(j)) {
                continue;
            }
            float[] mass = p.massByLatent()[j];
            List<Integer> columns = new ArrayList<>();
            for (int c = 0; c < mass.length; c++) {
                if (mass[c] > 0) {
                    columns.add(c);
                }
            }
            columns.sort(Comparator.comparingDouble((Integer c) -> -mass[c]).thenComparingLong(c -> p.items()[c]));
            List<Integer> top = columns.subList(0, Math.min(TOP, columns.size()));
            Map<String, Integer> with = new HashMap<>();
            for (int c : top) {
                genresOf.getOrDefault(p.items()[c], List.of()).forEach(g -> with.merge(g, 1, Integer::sum));
            }
            Set<String> mine = new HashSet<>();
            with.forEach((g, n) -> {
                double base = (double) itemsOf.getOrDefault(g, 0) / catalogueSize;
                if (n >= Genres.MIN_TOP_ITEMS && (double) n / top.size() >= Genres.LIFT * base) {
                    mine.add(g);
                }
            });
            out.put(j, mine);
        }
        return out;
    }
}
