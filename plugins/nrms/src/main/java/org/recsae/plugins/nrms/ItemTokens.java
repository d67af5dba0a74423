package org.recsae.plugins.nrms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recsae.spi.BadInputException;

/**
 * Every item's text as token ids, [items, T]: the item text file ({@code index<TAB>text}, item 0 is the empty
 * padding item) tokenised with the exported vocabulary (line n is token id n; 0 padding, 1 unknown). Tokens are the
 * lower-cased runs of [0-9a-z], the first T kept, as the example's training script made them. Read once per pair of
 * files and shared: the table is immutable.
 */
final class ItemTokens {
    static final int PAD = 0;
    static final int UNKNOWN = 1;
    private static final Pattern TOKEN = Pattern.compile("[0-9a-z]+");
    private static final Map<String, ItemTokens> CACHE = new ConcurrentHashMap<>();

    private final long[][] table;
    private final int tokens;
    private final int vocabulary;

    private ItemTokens(long[][] table, int tokens, int vocabulary) {
        this.table = table;
        this.tokens = tokens;
        this.vocabulary = vocabulary;
    }

    static ItemTokens load(Path vocabulary, Path itemText, int tokens) {
        String key = vocabulary.toAbsolutePath() + "|" + itemText.toAbsolutePath() + "|" + tokens + "|"
                + stamp(vocabulary) + "|" + stamp(itemText);
        return CACHE.computeIfAbsent(key, k -> read(vocabulary, itemText, tokens));
    }

    private static String stamp(Path p) {
        try {
            return Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static ItemTokens read(Path vocabulary, Path itemText, int tokens) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> words = lines(vocabulary);
        for (int i = 0; i < words.size(); i++) {
            if (!words.get(i).isEmpty()) {
                ids.putIfAbsent(words.get(i), i);
            }
        }
        List<String> rows = lines(itemText);
        if (rows.isEmpty() || !rows.get(0).startsWith("index\t")) {
            throw new BadInputException("item text " + itemText + ": expected the header 'index<TAB>text', found "
                    + (rows.isEmpty() ? "an empty file" : "'" + rows.get(0) + "'"));
        }
        long[][] table = new long[rows.size()][tokens];
        for (int r = 1; r < rows.size(); r++) {
            String line = rows.get(r);
            int tab = line.indexOf('\t');
            int index;
            try {
                index = Integer.parseInt(tab < 0 ? line : line.substring(0, tab));
            } catch (NumberFormatException e) {
                throw new BadInputException("item text " + itemText + ", line " + (r + 1) + ": expected an item "
                        + "index before the tab, found '" + line + "'");
            }
            if (index != r) {
                throw new BadInputException("item text " + itemText + ", line " + (r + 1) + ": items must be listed "
                        + "as 1, 2, 3, ... in order; found index " + index + " where " + r + " was expected");
            }
            Matcher m = TOKEN.matcher(tab < 0 ? "" : line.substring(tab + 1).toLowerCase(Locale.ROOT));
            for (int t = 0; t < tokens && m.find(); t++) {
                table[r][t] = ids.getOrDefault(m.group(), UNKNOWN);
            }
        }
        return new ItemTokens(table, tokens, words.size());
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Rows of the table, padding item included. */
    int items() {
        return table.length;
    }

    int tokens() {
        return tokens;
    }

    /** Token ids in the vocabulary (lines of its file). */
    int vocabulary() {
        return vocabulary;
    }

    /** Item ids [B, n] (row-major) to token ids [B, n, T]. */
    long[] expand(long[] itemIds) {
        long[] out = new long[itemIds.length * tokens];
        for (int i = 0; i < itemIds.length; i++) {
            System.arraycopy(table[(int) itemIds[i]], 0, out, i * tokens, tokens);
        }
        return out;
    }
}
