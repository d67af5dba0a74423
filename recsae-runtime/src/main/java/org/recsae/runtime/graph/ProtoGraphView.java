package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.recsae.spi.graph.GraphNode;
import org.recsae.spi.graph.GraphView;
import org.recsae.spi.graph.TensorSpec;

/**
 * {@link GraphView} over an ONNX {@code GraphProto}. Tensor information comes from the graph's declared inputs,
 * outputs, value infos and initializers, plus an optional overlay of shapes observed by running the model.
 */
public final class ProtoGraphView implements GraphView {
    private final OnnxMl.GraphProto graph;
    private final long opset;
    private final ProtoGraphView enclosing;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final List<GraphNode> nodes;
    private final Map<String, GraphNode> producers = new HashMap<>();
    private final Map<String, List<GraphNode>> consumers = new HashMap<>();
    private final Map<String, TensorSpec> initializers = new HashMap<>();
    private final Map<String, TensorSpec> declared = new HashMap<>();
    private final Map<String, TensorSpec> observed;

    public ProtoGraphView(OnnxMl.GraphProto graph, long opset) {
        this(graph, opset, null, Map.of());
    }

    ProtoGraphView(OnnxMl.GraphProto graph, long opset, ProtoGraphView enclosing) {
        this(graph, opset, enclosing, Map.of());
    }

    private ProtoGraphView(OnnxMl.GraphProto graph, long opset, ProtoGraphView enclosing,
                           Map<String, TensorSpec> observed) {
        this.graph = graph;
        this.opset = opset;
        this.enclosing = enclosing;
        this.observed = observed;
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), OnnxTypes.spec(t));
        }
        List<TensorSpec> in = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : graph.getInputList()) {
            TensorSpec spec = OnnxTypes.spec(v);
            declared.put(v.getName(), spec);
            if (!initializers.containsKey(v.getName())) {
                in.add(spec);
            }
        }
        this.inputs = Collections.unmodifiableList(in);
        List<TensorSpec> out = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : graph.getOutputList()) {
            TensorSpec spec = OnnxTypes.spec(v);
            declared.put(v.getName(), spec);
            out.add(spec);
        }
        this.outputs = Collections.unmodifiableList(out);
        for (OnnxMl.ValueInfoProto v : graph.getValueInfoList()) {
            declared.putIfAbsent(v.getName(), OnnxTypes.spec(v));
        }
        List<GraphNode> ns = new ArrayList<>();
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            ProtoGraphNode node = new ProtoGraphNode(n, opset, this);
            ns.add(node);
            for (String o : n.getOutputList()) {
                if (!o.isEmpty()) {
                    producers.put(o, node);
                }
            }
            Set<String> read = new HashSet<>(node.inputs());
            read.addAll(node.outerScopeReferences());
            for (String r : read) {
                if (!r.isEmpty()) {
                    consumers.computeIfAbsent(r, k -> new ArrayList<>()).add(node);
                }
            }
        }
        this.nodes = Collections.unmodifiableList(ns);
    }

    /** The same graph with observed tensor infos laid over the declared ones (observed wins where it has a rank). */
    public ProtoGraphView withObserved(Map<String, TensorSpec> observedInfo) {
        return new ProtoGraphView(graph, opset, enclosing, Map.copyOf(observedInfo));
    }

    public OnnxMl.GraphProto proto() {
        return graph;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public List<GraphNode> nodes() {
        return nodes;
    }

    @Override
    public Optional<TensorSpec> initializer(String tensor) {
        return Optional.ofNullable(initializers.get(tensor));
    }

    @Override
    public Optional<GraphNode> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    @Override
    public List<GraphNode> consumers(String tensor) {
        return Collections.unmodifiableList(consumers.getOrDefault(tensor, List.of()));
    }

    @Override
    public Optional<TensorSpec> tensorInfo(String tensor) {
        TensorSpec seen = observed.get(tensor);
        if (seen != null && seen.shape().hasRank()) {
            return Optional.of(seen);
        }
        TensorSpec init = initializers.get(tensor);
        if (init != null) {
            return Optional.of(init);
        }
        TensorSpec decl = declared.get(tensor);
        if (decl != null) {
            return Optional.of(decl);
        }
        if (seen != null) {
            return Optional.of(seen);
        }
        return enclosing == null ? Optional.empty() : enclosing.tensorInfo(tensor);
    }

    @Override
    public long opsetVersion() {
        return opset;
    }

    @Override
    public boolean isSubgraph() {
        return enclosing != null;
    }

    /** Every tensor name produced in the main graph, plus inputs and initializers: what {@code --probe} may name. */
    public Set<String> tensorNames() {
        Set<String> names = new HashSet<>(producers.keySet());
        inputs.forEach(i -> names.add(i.name()));
        names.addAll(initializers.keySet());
        return names;
    }
}
