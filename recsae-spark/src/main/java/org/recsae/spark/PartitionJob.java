package org.recsae.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.apache.spark.broadcast.Broadcast;
import org.recsae.runtime.capture.Positions;
import org.recsae.runtime.data.ItemIdMap;
import org.recsae.runtime.probe.SignatureJson;
import org.recsae.runtime.store.Json;
import org.recsae.spi.ModelSignature;

/**
 * What every task needs, shipped from the driver: the head graph (broadcast once, weights inside; only a model's
 * external data files are read from its folder, headFolder, on a shared file system), the plugin by name, the
 * signature and item map in plain form, and where to write. Executors rebuild the runtime objects from it.
 */
record PartitionJob(Broadcast<byte[]> head, String headKey, String headLabel, String headFolder,
                    List<String> headInputs,
                    String plugin, String signatureJson, HashMap<Long, Integer> itemIds, String itemIdSource,
                    String probe, boolean perPosition, int width, Positions positions, int batch, long shardBytes,
                    String staging, String logLabel, String logFile, List<String> columns) implements Serializable {

    ModelSignature signature() {
        try {
            return SignatureJson.fromJson(Json.MAPPER.readTree(signatureJson), "the Spark capture's signature");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("signature JSON made by the driver does not parse", e);
        }
    }

    ItemIdMap ids() {
        return itemIds == null ? ItemIdMap.identity()
                : ItemIdMap.of(itemIds, Optional.ofNullable(itemIdSource).map(Path::of));
    }

    static HashMap<Long, Integer> plain(ItemIdMap ids) {
        return ids.entries().map(HashMap<Long, Integer>::new).orElse(null);
    }
}
