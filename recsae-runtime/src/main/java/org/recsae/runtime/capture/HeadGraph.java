package org.recsae.runtime.capture;

import java.util.Set;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.spi.ProbeCandidate;

/**
 * The model pruned to what the probe depends on, serialised, with the inputs it still reads (the others are
 * dropped from each batch before it is run).
 */
public record HeadGraph(byte[] bytes, Set<String> inputs, String label) {
    public static HeadGraph cut(ProbedModel probed, ProbeCandidate probe) {
        ai.onnx.proto.OnnxMl.ModelProto head = GraphCut.head(probed.model(), probed.report().graph(),
                java.util.List.of(probe.tensor()));
        return new HeadGraph(head.toByteArray(), Set.copyOf(GraphCut.inputNames(head)),
                probed.model().path() + " (head to " + probe.tensor() + ")");
    }
}
