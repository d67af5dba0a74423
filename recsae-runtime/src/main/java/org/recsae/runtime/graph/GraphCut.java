package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.recsae.spi.BadInputException;
import org.recsae.spi.graph.ElementType;
import org.recsae.spi.graph.GraphNode;
import org.recsae.spi.graph.GraphQueries;
import org.recsae.spi.graph.TensorShape;
import org.recsae.spi.graph.TensorSpec;

/**
 * Splits a model at a probe tensor. The <b>head</b> computes the probe from the model's inputs and nothing else
 * (restricting a full session's outputs does not skip the scoring tail in ONNX Runtime; a pruned graph does). The
 * <b>tail</b> takes the probe as a new graph input, plus whatever original inputs the scoring still needs, and
 * computes the scores, so cached or edited states can be scored without rerunning the head.
 * Both keep the model's opset, node order and metadata.
 */
public final class GraphCut {
    private GraphCut() {
    }

    /** The sub-model from the inputs to {@code probes}, which become its only outputs. */
    public static OnnxMl.ModelProto head(OnnxModelFile model, ProtoGraphView view, Collection<String> probes) {
        Set<String> needed = closure(view, probes, Set.of());
        OnnxMl.GraphProto.Builder g = prune(model.proto().getGraph(), view, needed, Set.of());
        g.clearOutput();
        for (String p : probes) {
            requireMainGraphTensor(model, view, p);
            g.addOutput(valueInfo(view, p));
        }
        return model.proto().toBuilder().setGraph(g.setName(g.getName() + "_head")).build();
    }

    /** The sub-model from {@code probe} (now an input) and the remaining inputs to {@code outputs}. */
    public static OnnxMl.ModelProto tail(OnnxModelFile model, ProtoGraphView view, String probe,
                                         Collection<String> outputs) {
        requireMainGraphTensor(model, view, probe);
        Set<String> needed = closure(view, outputs, Set.of(probe));
        view.producer(probe).ifPresent(node -> {
            for (String other : node.outputs()) {
                if (!other.equals(probe) && needed.contains(other)) {
                    throw new BadInputException("model " + model.path() + ": the probe '" + probe + "' comes from "
                            + node + ", whose other output '" + other + "' the scores also need; the graph cannot "
                            + "be cut at '" + probe + "' alone");
                }
            }
        });
        OnnxMl.GraphProto.Builder g = prune(model.proto().getGraph(), view, needed, Set.of(probe));
        g.addInput(valueInfo(view, probe));
        g.clearOutput();
        for (OnnxMl.ValueInfoProto o : model.proto().getGraph().getOutputList()) {
            if (outputs.contains(o.getName())) {
                g.addOutput(o);
            }
        }
        return model.proto().toBuilder().setGraph(g.setName(g.getName() + "_tail")).build();
    }

    /** Every tensor the targets depend on, not looking past {@code stops}. */
    private static Set<String> closure(ProtoGraphView view, Collection<String> targets, Set<String> stops) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(targets);
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!seen.add(t) || stops.contains(t)) {
                continue;
            }
            view.producer(t).ifPresent(n -> todo.addAll(GraphQueries.dataInputs(n)));
        }
        return seen;
    }

    private static OnnxMl.GraphProto.Builder prune(OnnxMl.GraphProto graph, ProtoGraphView view, Set<String> needed,
                                                   Set<String> stops) {
        OnnxMl.GraphProto.Builder g = graph.toBuilder();
        g.clearNode().clearInitializer().clearInput().clearValueInfo();
        Set<String> produced = new HashSet<>();
        for (GraphNode node : view.nodes()) {
            boolean keep = false;
            for (String out : node.outputs()) {
                if (needed.contains(out) && !stops.contains(out)) {
                    keep = true;
                }
            }
            if (keep) {
                g.addNode(((ProtoGraphNode) node).proto());
                produced.addAll(node.outputs());
            }
        }
        for (OnnxMl.TensorProto init : graph.getInitializerList()) {
            if (needed.contains(init.getName())) {
                g.addInitializer(init);
            }
        }
        for (OnnxMl.ValueInfoProto in : graph.getInputList()) {
            if (needed.contains(in.getName()) && !stops.contains(in.getName())) {
                g.addInput(in);
            }
        }
        for (OnnxMl.ValueInfoProto vi : graph.getValueInfoList()) {
            if (produced.contains(vi.getName())) {
                g.addValueInfo(vi);
            }
        }
        return g;
    }

    private static void requireMainGraphTensor(OnnxModelFile model, ProtoGraphView view, String tensor) {
        if (!view.tensorNames().contains(tensor)) {
            throw new BadInputException("model " + model.path() + ": tensor '" + tensor + "' is not computed in the"
                    + " main graph (it may live inside an If/Loop subgraph), so the graph cannot be cut there");
        }
    }

    /** A typed value info for a cut point, with the batch axis left symbolic. */
    private static OnnxMl.ValueInfoProto valueInfo(ProtoGraphView view, String tensor) {
        TensorSpec spec = view.tensorInfo(tensor).orElse(new TensorSpec(tensor, ElementType.FLOAT32,
                TensorShape.unknownRank()));
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxTypes.onnxDataType(spec.elementType() == ElementType.OTHER ? ElementType.FLOAT32
                        : spec.elementType()));
        TensorShape shape = spec.shape();
        if (shape.hasRank()) {
            OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
            for (int i = 0; i < shape.rank(); i++) {
                OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
                if (shape.dim(i) >= 0) {
                    d.setDimValue(shape.dim(i));
                } else if (shape.symbol(i) != null) {
                    d.setDimParam(shape.symbol(i));
                }
                s.addDim(d);
            }
            t.setShape(s);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(tensor)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }

    /** The inputs a cut model declares, by name. */
    public static List<String> inputNames(OnnxMl.ModelProto model) {
        return model.getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName).toList();
    }
}
