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
        ItemIdMap ids = descriptor.itemIdMap().map(ItemIdMap::read).orElseGet(ItemIdMap::identity);
        Optional<Path> catalogueFile = CatalogReader.find(data);
        TextCatalog catalogue = catalogueFile.map(CatalogReader::read).orElseGet(TextCatalog::empty);
        return new DataSet(data, log, ids, catalogue, catalogueFile);
    }
}
