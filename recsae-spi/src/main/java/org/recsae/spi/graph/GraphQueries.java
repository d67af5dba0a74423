package org.recsae.spi.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Structural questions about a graph that every plugin needs: what a tensor depends on, whether it is a constant.
 * Walks follow {@code If}/{@code Loop} nodes through the names their subgraphs read from the enclosing scope.
 */
public final class GraphQueries {
    private GraphQueries() {
    }

    /** The data dependencies of a node: its listed inputs plus what its subgraphs read from outside. */
    public static List<String> dataInputs(GraphNode node) {
        List<String> result = new ArrayList<>();
        for (String in : node.inputs()) {
            if (!in.isEmpty()) {
                result.add(in);
            }
        }
        for (String ref : node.outerScopeReferences()) {
            if (!result.contains(ref)) {
                result.add(ref);
            }
        }
        return result;
    }

    /** Every tensor {@code tensor} is computed from, itself included. */
    public static Set<String> upstreamTensors(GraphView graph, String tensor) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(tensor);
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            graph.producer(t).ifPresent(node -> dataInputs(node).forEach(todo::push));
        }
        return seen;
    }

    /** The graph inputs (not initializers) that {@code tensor} depends on. */
    public static Set<String> graphInputsUpstream(GraphView graph, String tensor) {
        Set<String> inputNames = new HashSet<>();
        graph.inputs().forEach(i -> inputNames.add(i.name()));
        Set<String> result = new LinkedHashSet<>();
        for (String t : upstreamTensors(graph, tensor)) {
            if (inputNames.contains(t)) {
                result.add(t);
            }
        }
        return result;
    }

    /** The nodes upstream of {@code tensor}, in the graph's (topological) order. */
    public static List<GraphNode> upstreamNodes(GraphView graph, String tensor) {
        Set<String> tensors = upstreamTensors(graph, tensor);
        List<GraphNode> result = new ArrayList<>();
        for (GraphNode node : graph.nodes()) {
            for (String out : node.outputs()) {
                if (tensors.contains(out)) {
                    result.add(node);
                    break;
                }
            }
        }
        return result;
    }

    /** True if the tensor is an initializer, or computed from initializers and constants alone. */
    public static boolean isConstant(GraphView graph, String tensor) {
        return graphInputsUpstream(graph, tensor).isEmpty() && !dependsOnOuterScope(graph, tensor);
    }

    private static boolean dependsOnOuterScope(GraphView graph, String tensor) {
        if (!graph.isSubgraph()) {
            return false;
        }
        for (String t : upstreamTensors(graph, tensor)) {
            if (graph.producer(t).isEmpty() && graph.initializer(t).isEmpty() && graph.input(t).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The rank of a tensor if anything is known about it, else -1. */
    public static int rank(GraphView graph, String tensor) {
        return graph.tensorInfo(tensor).map(t -> t.shape().rank()).orElse(-1);
    }

    public static Optional<TensorShape> shape(GraphView graph, String tensor) {
        return graph.tensorInfo(tensor).map(TensorSpec::shape);
    }

    /** The tensor's shape, or {@link TensorShape#unknownRank()} when nothing is known. */
    public static TensorShape shapeOrUnknown(GraphView graph, String tensor) {
        return shape(graph, tensor).orElse(TensorShape.unknownRank());
    }

    /** The producer's op type, or the empty string for inputs and initializers. */
    public static String producerOp(GraphView graph, String tensor) {
        return graph.producer(tensor).map(GraphNode::opType).orElse("");
    }
}
