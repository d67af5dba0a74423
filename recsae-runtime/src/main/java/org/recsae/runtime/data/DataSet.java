package org.recsae.runtime.data;

import java.nio.file.Path;
import java.util.Optional;
import org.recsae.spi.ModelDescriptor;

/**
 * A user's data as recsae reads it: the interaction log, the raw-id to model-index map, and the item text found
 * beside the log.
 */
public record DataSet(Path path, InteractionLog log, ItemIdMap ids, TextCatalog catalogue, Optional<Path> catalogueFile) {

    public static DataSet load(Path data, ModelDescriptor descriptor, LogOptions options) {
        InteractionLog log = InteractionLogReader.read(data, options);
        ItemIdMap ids = itemIds(descriptor);
        Optional<Path> catalogueFile = CatalogReader.find(data);
        return new DataSet(data, log, ids, catalogue(catalogueFile), catalogueFile);
    }

    /** The descriptor's raw-id map, or raw ids as model indices when it names none. */
    public static ItemIdMap itemIds(ModelDescriptor descriptor) {
        return descriptor.itemIdMap().map(ItemIdMap::read).orElseGet(ItemIdMap::identity);
    }

    /** The catalogue in {@code file} ({@link CatalogReader#find}), or an empty one. */
    public static TextCatalog catalogue(Optional<Path> file) {
        return file.map(CatalogReader::read).orElseGet(TextCatalog::empty);
    }
}
