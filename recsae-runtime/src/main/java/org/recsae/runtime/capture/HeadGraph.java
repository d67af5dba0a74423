package org.recsae.runtime.capture;

import java.util.Set;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.graph.SessionGraph;
import org.recsae.spi.ProbeCandidate;

/**
 * The model pruned to what the probe depends on, ready for a session, with the inputs it still reads (the others are
 * dropped from each batch before it is run).
 */
public record HeadGraph(SessionGraph graph, Set<String> inputs, String label) {
    public static HeadGraph cut(ProbedModel probed, ProbeCandidate probe) {
        return cut(probed, probe, false);
    }

    /** @param portable carry the weights inside the graph (for executors that may not see the model's file) */
    public static HeadGraph cut(ProbedModel probed, ProbeCandidate probe, boolean portable) {
        ai.onnx.proto.OnnxMl.ModelProto head = GraphCut.head(probed.model(), probed.report().graph(),
                java.util.List.of(probe.tensor()));
        SessionGraph graph = portable ? SessionGraph.portable(probed.model(), head) : SessionGraph.of(probed.model(), head);
        return new HeadGraph(graph, Set.copyOf(GraphCut.inputNames(head)),
                probed.model().path() + " (head to " + probe.tensor() + ")");
    }
}
