package org.recsae.runtime.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recsae.spi.BadInputException;

/**
 * Raw item id (as in the log) to model index. Without a map file the log's ids are the model's indices, the
 * ReChorus convention where 0 is padding.
 */
public final class ItemIdMap {
    private final Map<Long, Integer> toIndex;
    private final Map<Integer, Long> toRaw;
    private final Optional<Path> source;

    private ItemIdMap(Map<Long, Integer> toIndex, Optional<Path> source) {
        this.toIndex = toIndex;
        this.source = source;
        this.toRaw = new HashMap<>();
        if (toIndex != null) {
            toIndex.forEach((raw, idx) -> toRaw.put(idx, raw));
        }
    }

    public static ItemIdMap identity() {
        return new ItemIdMap(null, Optional.empty());
    }

    /** Reads a CSV with header {@code raw_id,index}; duplicate raw ids or indices are errors. */
    public static ItemIdMap read(Path file) {
        Map<Long, Integer> map = new HashMap<>();
        Map<Integer, Long> seen = new HashMap<>();
        try (DelimitedFile in = new DelimitedFile(file, ',', StandardCharsets.UTF_8)) {
            List<String> head = in.next();
            if (head == null || head.size() < 2 || !head.get(0).trim().equals("raw_id") || !head.get(1).trim().equals("index")) {
                throw new BadInputException("item id map " + file + ": expected the header 'raw_id,index', found "
                        + (head == null ? "an empty file" : head));
            }
            List<String> f;
            while ((f = in.next()) != null) {
                if (f.size() < 2) {
                    throw in.error("expected raw_id,index, found " + f);
                }
                long raw = in.parseId(f, 0, "raw_id");
                long index = in.parseId(f, 1, "index");
                if (index > Integer.MAX_VALUE) {
                    throw in.error("index " + index + " is too large");
                }
                if (map.put(raw, (int) index) != null) {
                    throw in.error("raw_id " + raw + " appears twice");
                }
                Long other = seen.put((int) index, raw);
                if (other != null) {
                    throw in.error("index " + index + " is given to both raw ids " + other + " and " + raw);
                }
            }
        }
        if (map.isEmpty()) {
            throw new BadInputException("item id map " + file + " has a header but no rows");
        }
        return new ItemIdMap(map, Optional.of(file));
    }

    /** A map from its entries, as {@link #entries()} gave them (how a Spark job ships it to executors). */
    public static ItemIdMap of(Map<Long, Integer> entries, Optional<Path> source) {
        return new ItemIdMap(new HashMap<>(entries), source);
    }

    /** Raw id to index, or empty for the identity map. */
    public Optional<Map<Long, Integer>> entries() {
        return toIndex == null ? Optional.empty() : Optional.of(java.util.Collections.unmodifiableMap(toIndex));
    }

    public Optional<Path> source() {
        return source;
    }

    /**
     * The model index of a raw id, checked against the item table.
     *
     * @param where what to name in the error, e.g. "user 5 in ratings.csv"
     */
    public int index(long raw, int itemCount, int paddingId, String where) {
        long index;
        if (toIndex == null) {
            index = raw;
        } else {
            Integer mapped = toIndex.get(raw);
            if (mapped == null) {
                throw new BadInputException("item id " + raw + " (" + where + ") is not in the item id map "
                        + source.get());
            }
            index = mapped;
        }
        if (index < 0 || index >= itemCount || index == paddingId) {
            throw new BadInputException("item id " + raw + " (" + where + ") maps to model index " + index
                    + ", outside the model's item table (valid indices 0.." + (itemCount - 1) + " except padding "
                    + paddingId + (toIndex == null ? "; without an item_id_map the log's ids are used as indices" : "")
                    + ")");
        }
        return (int) index;
    }

    /** The raw id behind a model index (the index itself without a map). */
    public long raw(int index) {
        if (toIndex == null) {
            return index;
        }
        Long raw = toRaw.get(index);
        return raw == null ? -1 : raw;
    }
}
