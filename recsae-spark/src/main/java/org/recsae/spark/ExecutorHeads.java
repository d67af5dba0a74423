package org.recsae.spark;

import java.util.concurrent.ConcurrentHashMap;
import org.recsae.runtime.ort.OrtModel;

/**
 * One ONNX Runtime session per head graph per JVM: the tasks an executor runs, in turn or at once, share it. Each
 * session computes on one thread, because Spark already runs one task per core.
 */
final class ExecutorHeads {
    private static final ConcurrentHashMap<String, OrtModel> SESSIONS = new ConcurrentHashMap<>();

    private ExecutorHeads() {
    }

    static OrtModel session(PartitionJob job) {
        return SESSIONS.computeIfAbsent(job.headKey(), k -> OrtModel.load(job.head().value(), job.headLabel(), 1));
    }
}
