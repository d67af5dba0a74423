package org.recsae.runtime.interpret.builtin;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recsae.spi.interpret.ShownItem;

/**
 * The terms an item is described by: its identity, the words of its title, the values of short fields (genres,
 * categories), the words of long fields (abstracts), the decade of a year in its title, and how popular it is in
 * the log. Popularity bands are cumulative (a top-1 % item is also top 5 %, 10 %, ...), so a description of "very
 * popular" items still partly matches merely popular ones.
 */
final class ItemTerms implements AutoCloseable {
    private static final Pattern TITLE_YEAR = Pattern.compile("\\((1[89]\\d\\d|20\\d\\d)\\)\\s*$");
    private static final double[] TOP_SHARES = {0.01, 0.05, 0.10, 0.25, 0.50};
    /** Field values longer than this are text to analyse, not categories. */
    private static final int CATEGORY_LENGTH = 60;

    private final TitleAnalyzer analyzer = new TitleAnalyzer();
    private final long[] bandFloor;
    private final Map<Long, String[]> cache = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();

    ItemTerms(List<ShownItem> catalogue) {
        long[] counts = catalogue.stream().mapToLong(ShownItem::interactions).sorted().toArray();
        bandFloor = new long[TOP_SHARES.length];
        for (int b = 0; b < TOP_SHARES.length; b++) {
            int at = (int) Math.floor((1 - TOP_SHARES[b]) * (counts.length - 1));
            bandFloor[b] = counts.length == 0 ? Long.MAX_VALUE : Math.max(1, counts[Math.max(0, at)]);
        }
        // Every term's printed word is fixed here, in catalogue order, so a description never depends on which
        // latents (or sequences) happened to be seen first: a resumed run writes the same words.
        for (ShownItem item : catalogue) {
            of(item);
        }
    }

    String[] of(ShownItem item) {
        return cache.computeIfAbsent(item.rawId(), id -> compute(item));
    }

    /** How a term reads in a description. */
    String label(String term) {
        return labels.getOrDefault(term, term);
    }

    private String[] compute(ShownItem item) {
        Set<String> terms = new LinkedHashSet<>();
        add(terms, "item:" + item.rawId(), item.title());
        String title = item.title();
        Matcher year = TITLE_YEAR.matcher(title);
        if (year.find()) {
            String decade = year.group(1).substring(0, 3) + "0s";
            add(terms, "decade:" + decade, decade);
            title = title.substring(0, year.start());
        }
        for (TitleAnalyzer.Word w : analyzer.words(title)) {
            add(terms, "word:" + w.stem(), w.surface());
        }
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(item.fields()).entrySet()) {
            String value = f.getValue().trim();
            if (value.isEmpty()) {
                continue;
            }
            if (value.length() <= CATEGORY_LENGTH || value.contains("|")) {
                for (String part : value.split("\\|")) {
                    String v = part.trim();
                    if (!v.isEmpty() && !v.equals("(no genres listed)")) {
                        add(terms, f.getKey() + ":" + v.toLowerCase(Locale.ROOT), v);
                    }
                }
            } else {
                for (TitleAnalyzer.Word w : analyzer.words(value)) {
                    add(terms, f.getKey() + "~" + w.stem(), w.surface());
                }
            }
        }
        for (int b = 0; b < TOP_SHARES.length; b++) {
            if (item.interactions() >= bandFloor[b]) {
                String band = "top " + Math.round(TOP_SHARES[b] * 100) + "%";
                add(terms, "popularity:" + band, band);
            }
        }
        if (item.interactions() < bandFloor[TOP_SHARES.length - 1]) {
            add(terms, "popularity:long tail", "long tail");
        }
        return terms.toArray(new String[0]);
    }

    private void add(Set<String> terms, String term, String label) {
        terms.add(term);
        labels.putIfAbsent(term, label);
    }

    /** The kind of a term (item, word, decade, popularity, or a field name), for grouping in descriptions. */
    static String kind(String term) {
        int colon = term.indexOf(':');
        int tilde = term.indexOf('~');
        int cut = colon < 0 ? tilde : tilde < 0 ? colon : Math.min(colon, tilde);
        return cut < 0 ? term : term.substring(0, cut);
    }

    @Override
    public void close() {
        analyzer.close();
    }

    @Override
    public String toString() {
        return "ItemTerms" + Arrays.toString(bandFloor);
    }
}
