package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.recsae.spi.graph.GraphNode;
import org.recsae.spi.graph.GraphView;

/** {@link GraphNode} over an ONNX {@code NodeProto}. */
final class ProtoGraphNode implements GraphNode {
    private final OnnxMl.NodeProto proto;
    private final Map<String, GraphView> subgraphs;
    private final List<String> outerReferences;

    ProtoGraphNode(OnnxMl.NodeProto proto, long opset, ProtoGraphView enclosing) {
        this.proto = proto;
        Map<String, GraphView> subs = new LinkedHashMap<>();
        for (OnnxMl.AttributeProto a : proto.getAttributeList()) {
            if (a.hasG()) {
                subs.put(a.getName(), new ProtoGraphView(a.getG(), opset, enclosing));
            }
            for (int i = 0; i < a.getGraphsCount(); i++) {
                subs.put(a.getName() + "[" + i + "]", new ProtoGraphView(a.getGraphs(i), opset, enclosing));
            }
        }
        this.subgraphs = Collections.unmodifiableMap(subs);
        Set<String> refs = new LinkedHashSet<>();
        for (OnnxMl.AttributeProto a : proto.getAttributeList()) {
            if (a.hasG()) {
                collectOuterReferences(a.getG(), new HashSet<>(), refs);
            }
            for (OnnxMl.GraphProto g : a.getGraphsList()) {
                collectOuterReferences(g, new HashSet<>(), refs);
            }
        }
        this.outerReferences = List.copyOf(refs);
    }

    /** Names a subgraph (and its nested subgraphs) uses without defining them. */
    private static void collectOuterReferences(OnnxMl.GraphProto graph, Set<String> definedOutside, Set<String> out) {
        Set<String> defined = new HashSet<>(definedOutside);
        graph.getInputList().forEach(v -> defined.add(v.getName()));
        graph.getInitializerList().forEach(t -> defined.add(t.getName()));
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    out.add(in);
                }
            }
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    Set<String> nested = new LinkedHashSet<>();
                    collectOuterReferences(a.getG(), defined, nested);
                    out.addAll(nested);
                }
                for (OnnxMl.GraphProto g : a.getGraphsList()) {
                    Set<String> nested = new LinkedHashSet<>();
                    collectOuterReferences(g, defined, nested);
                    out.addAll(nested);
                }
            }
            defined.addAll(n.getOutputList());
        }
        for (OnnxMl.ValueInfoProto o : graph.getOutputList()) {
            if (!defined.contains(o.getName())) {
                out.add(o.getName());
            }
        }
    }

    OnnxMl.NodeProto proto() {
        return proto;
    }

    @Override
    public String name() {
        return proto.getName();
    }

    @Override
    public String opType() {
        return proto.getOpType();
    }

    @Override
    public String domain() {
        return proto.getDomain();
    }

    @Override
    public List<String> inputs() {
        return proto.getInputList();
    }

    @Override
    public List<String> outputs() {
        return proto.getOutputList();
    }

    private Optional<OnnxMl.AttributeProto> attribute(String name) {
        return proto.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    @Override
    public Optional<Long> intAttribute(String name) {
        return attribute(name).filter(a -> a.getType() == OnnxMl.AttributeProto.AttributeType.INT)
                .map(OnnxMl.AttributeProto::getI);
    }

    @Override
    public Optional<List<Long>> intsAttribute(String name) {
        return attribute(name).filter(a -> a.getType() == OnnxMl.AttributeProto.AttributeType.INTS)
                .map(a -> List.copyOf(new ArrayList<>(a.getIntsList())));
    }

    @Override
    public Optional<Float> floatAttribute(String name) {
        return attribute(name).filter(a -> a.getType() == OnnxMl.AttributeProto.AttributeType.FLOAT)
                .map(OnnxMl.AttributeProto::getF);
    }

    @Override
    public Optional<String> stringAttribute(String name) {
        return attribute(name).filter(a -> a.getType() == OnnxMl.AttributeProto.AttributeType.STRING)
                .map(a -> a.getS().toStringUtf8());
    }

    @Override
    public Map<String, GraphView> subgraphs() {
        return subgraphs;
    }

    @Override
    public List<String> outerScopeReferences() {
        return outerReferences;
    }

    @Override
    public String toString() {
        return opType() + " '" + name() + "'";
    }
}
