package org.recsae.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Model inputs for one batch, keyed by ONNX input name. */
public record EncodedBatch(int batchSize, Map<String, FlatTensor> inputs) {
    public EncodedBatch {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /**
     * The same batch with only the inputs a cut graph declares (a head, for one, has no candidates input), plus
     * any extra tensors such as a probe state fed to a tail.
     */
    public static EncodedBatch restrictedTo(EncodedBatch batch, Set<String> names, Map<String, FlatTensor> extra) {
        Map<String, FlatTensor> kept = new LinkedHashMap<>();
        batch.inputs().forEach((k, v) -> {
            if (names.contains(k)) {
                kept.put(k, v);
            }
        });
        kept.putAll(extra);
        return new EncodedBatch(batch.batchSize(), kept);
    }

    public static EncodedBatch restrictedTo(EncodedBatch batch, Set<String> names) {
        return restrictedTo(batch, names, Map.of());
    }
}
