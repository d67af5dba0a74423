package org.recsae.spi;

import java.util.Collection;
import java.util.Optional;

/** Item text by raw id, from the data layer (never from the model). */
public interface ItemCatalog {
    Optional<CatalogItem> item(long rawId);

    Collection<CatalogItem> items();

    default int size() {
        return items().size();
    }

    /** A hash of the catalogue's content, recorded in manifests so a changed catalogue is noticed. */
    String fingerprint();
}
