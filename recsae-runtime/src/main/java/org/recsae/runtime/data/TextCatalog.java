package org.recsae.runtime.data;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.recsae.runtime.store.Hashing;
import org.recsae.spi.CatalogItem;
import org.recsae.spi.ItemCatalog;

/** An in-memory {@link ItemCatalog}; its fingerprint hashes every item's id and fields in id order. */
public final class TextCatalog implements ItemCatalog {
    private final Map<Long, CatalogItem> items;
    private final String fingerprint;

    TextCatalog(Map<Long, CatalogItem> items) {
        this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
        StringBuilder sb = new StringBuilder();
        items.values().stream().sorted(java.util.Comparator.comparingLong(CatalogItem::rawId)).forEach(i -> {
            sb.append(i.rawId()).append('\t').append(i.title());
            new java.util.TreeMap<>(i.fields()).forEach((k, v) -> sb.append('\t').append(k).append('=').append(v));
            sb.append('\n');
        });
        this.fingerprint = Hashing.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static TextCatalog empty() {
        return new TextCatalog(Map.of());
    }

    @Override
    public Optional<CatalogItem> item(long rawId) {
        return Optional.ofNullable(items.get(rawId));
    }

    @Override
    public Collection<CatalogItem> items() {
        return items.values();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }
}
