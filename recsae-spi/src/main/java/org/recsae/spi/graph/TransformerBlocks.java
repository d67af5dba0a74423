package org.recsae.spi.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the residual stream between the transformer blocks upstream of a sequence-states tensor. Each attention
 * softmax marks one block; the block's input is the residual operand of the first Add downstream that joins the
 * attention branch back into the stream.
 */
public final class TransformerBlocks {
    private TransformerBlocks() {
    }

    /**
     * Block outputs, first block first. Block i's output is block i+1's residual input; the last block's output is
     * the last residual Add before any final normalisation of {@code sequenceTensor}.
     */
    public static List<String> blockOutputs(GraphView graph, String sequenceTensor) {
        List<GraphNode> softmaxes = new ArrayList<>();
        for (GraphNode node : GraphQueries.upstreamNodes(graph, sequenceTensor)) {
            if (node.opType().equals("Softmax")) {
                softmaxes.add(node);
            }
        }
        List<String> blockInputs = new ArrayList<>();
        for (GraphNode softmax : softmaxes) {
            residualInput(graph, softmax.outputs().get(0)).ifPresent(blockInputs::add);
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 1; i < blockInputs.size(); i++) {
            outputs.add(blockInputs.get(i));
        }
        if (!blockInputs.isEmpty()) {
            lastResidual(graph, sequenceTensor).ifPresent(outputs::add);
        }
        return outputs;
    }

    /** The operand of the first downstream Add that is not itself computed from {@code attention}. */
    private static Optional<String> residualInput(GraphView graph, String attention) {
        Deque<String> frontier = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        frontier.add(attention);
        while (!frontier.isEmpty()) {
            String tensor = frontier.poll();
            if (!seen.add(tensor)) {
                continue;
            }
            for (GraphNode consumer : graph.consumers(tensor)) {
                if (consumer.opType().equals("Add") && consumer.inputs().size() == 2) {
                    String a = consumer.inputs().get(0);
                    String b = consumer.inputs().get(1);
                    boolean aFromAttention = GraphQueries.upstreamTensors(graph, a).contains(attention);
                    boolean bFromAttention = GraphQueries.upstreamTensors(graph, b).contains(attention);
                    if (aFromAttention != bFromAttention && !GraphQueries.isConstant(graph, aFromAttention ? b : a)) {
                        return Optional.of(aFromAttention ? b : a);
                    }
                }
                frontier.addAll(consumer.outputs());
            }
        }
        return Optional.empty();
    }

    /** Nearest Add upstream of {@code tensor} (itself included) whose two operands are both computed values. */
    private static Optional<String> lastResidual(GraphView graph, String tensor) {
        Deque<String> frontier = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        frontier.add(tensor);
        while (!frontier.isEmpty()) {
            String t = frontier.poll();
            if (!seen.add(t)) {
                continue;
            }
            Optional<GraphNode> producer = graph.producer(t);
            if (producer.isEmpty()) {
                continue;
            }
            GraphNode node = producer.get();
            if (node.opType().equals("Add") && node.inputs().size() == 2
                    && !GraphQueries.isConstant(graph, node.inputs().get(0)) && !GraphQueries.isConstant(graph, node.inputs().get(1))) {
                return Optional.of(t);
            }
            frontier.addAll(GraphQueries.dataInputs(node));
        }
        return Optional.empty();
    }
}
