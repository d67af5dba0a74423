package org.recsae.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Model inputs for one batch, keyed by ONNX input name. */
public record EncodedBatch(int batchSize, Map<String, FlatTensor> inputs) {
    public EncodedBatch {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
