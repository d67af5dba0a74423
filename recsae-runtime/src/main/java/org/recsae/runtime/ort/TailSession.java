package org.recsae.runtime.ort;

import org.recsae.runtime.graph.SessionGraph;
import ai.onnx.proto.OnnxMl;
import java.util.Map;
import java.util.Set;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.graph.ProtoGraphView;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;

/**
 * The scoring tail of a model cut at a probe, as a session: feed it probe states (cached or edited) plus the
 * batch's other inputs, and it returns the scores without rerunning the head.
 */
public final class TailSession implements AutoCloseable {
    private final OrtModel session;
    private final String probe;
    private final String output;
    private final Set<String> inputs;

    private TailSession(OrtModel session, String probe, String output, Set<String> inputs) {
        this.session = session;
        this.probe = probe;
        this.output = output;
        this.inputs = inputs;
    }

    public static TailSession open(OnnxModelFile model, ProtoGraphView shaped, String probe, String output,
                                   int threads) {
        OnnxMl.ModelProto tail = GraphCut.tail(model, shaped, probe, Set.of(output));
        Set<String> names = Set.copyOf(GraphCut.inputNames(tail));
        OrtModel session = OrtModel.load(SessionGraph.of(model, tail), model.path() + " (tail from " + probe + ")", threads);
        return new TailSession(session, probe, output, names);
    }

    /** The inputs the tail needs besides the probe (e.g. lengths, candidates). */
    public Set<String> inputs() {
        return inputs;
    }

    public FlatTensor score(EncodedBatch batch, FlatTensor probeStates) {
        EncodedBatch feed = EncodedBatch.restrictedTo(batch, inputs, Map.of(probe, probeStates));
        return session.run(feed, Set.of(output)).get(output);
    }

    @Override
    public void close() {
        session.close();
    }
}
