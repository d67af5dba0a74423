package org.recsae.runtime.interpret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recsae.runtime.data.IndexedLog;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.spi.CatalogItem;
import org.recsae.spi.ItemCatalog;
import org.recsae.spi.interpret.ShownItem;
import org.recsae.spi.interpret.ShownSequence;

/**
 * Turns model item indices into what an interpreter is shown: the catalogue's title and fields (minus the withheld
 * ones) and the item's interaction count in the log. An item the catalogue lacks is shown by its raw id.
 */
public final class ItemPresenter {
    private final ShownItem[] byIndex;

    private ItemPresenter(ShownItem[] byIndex) {
        this.byIndex = byIndex;
    }

    public static ItemPresenter of(IndexedLog log, ItemCatalog catalogue, int itemCount, Set<String> withheld) {
        long[] interactions = new long[itemCount];
        for (IndexedUser u : log.users()) {
            for (int item : u.items()) {
                interactions[item]++;
            }
        }
        ShownItem[] byIndex = new ShownItem[itemCount];
        for (int i = 0; i < itemCount; i++) {
            long raw = log.ids().raw(i);
            if (raw < 0) {
                continue; // an index no raw id maps to (padding, or a gap in the id map)
            }
            CatalogItem c = catalogue.item(raw).orElse(null);
            Map<String, String> fields = new LinkedHashMap<>();
            if (c != null) {
                c.fields().forEach((k, v) -> {
                    if (!withheld.contains(k)) {
                        fields.put(k, v);
                    }
                });
            }
            byIndex[i] = new ShownItem(raw, c != null ? c.title() : "item " + raw, fields, interactions[i]);
        }
        return new ItemPresenter(byIndex);
    }

    public ShownItem item(int index) {
        ShownItem s = byIndex[index];
        if (s == null) {
            throw new IllegalArgumentException("item index " + index + " has no raw id");
        }
        return s;
    }

    /** Every item with a raw id: the catalogue as interpreters see it. */
    public List<ShownItem> all() {
        List<ShownItem> out = new ArrayList<>();
        for (ShownItem s : byIndex) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    public ShownSequence sequence(int[] history, int predicted) {
        List<ShownItem> items = new ArrayList<>(history.length);
        for (int h : history) {
            items.add(item(h));
        }
        return new ShownSequence(items, item(predicted));
    }
}
