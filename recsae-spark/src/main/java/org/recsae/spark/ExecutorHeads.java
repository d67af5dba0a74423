package org.recsae.spark;

import java.util.concurrent.ConcurrentHashMap;
import org.recsae.runtime.graph.SessionGraph;
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
        return SESSIONS.computeIfAbsent(job.headKey(), k -> OrtModel.load(new SessionGraph(job.head().value(),
                java.util.Optional.ofNullable(job.headFolder()).map(java.nio.file.Path::of)), job.headLabel(), 1));
    }
}
