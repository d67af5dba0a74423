package org.recsae.spi.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The chain of tensors from the scoring op's user operand back to the op that selects one position out of the
 * per-position sequence states (a Gather, GatherElements, GatherND or Slice), stepping through reshapes and
 * {@code If} nodes (a squeeze the exporter could not prove safe).
 *
 * @param chain tensors nearest the scoring op first; all hold the same values in different shapes
 * @param selection the selecting node, if the walk reached one
 * @param sequenceTensor the selection's data input: the [B,L,D] per-position states
 * @param indexInputs graph inputs the selection index depends on (a lengths input means right padding; none means
 *     a fixed position, i.e. left padding)
 */
public record UserStatePath(List<String> chain, Optional<GraphNode> selection, Optional<String> sequenceTensor,
                            Set<String> indexInputs) {
    private static final Set<String> PASS_THROUGH = Set.of(
            "Identity", "Squeeze", "Unsqueeze", "Reshape", "Flatten", "Cast", "Expand");
    private static final Set<String> SELECTION = Set.of("Gather", "GatherElements", "GatherND", "Slice");

    public UserStatePath {
        chain = Collections.unmodifiableList(new ArrayList<>(chain));
        indexInputs = Set.copyOf(indexInputs);
    }

    /** The tensor of the chain nearest the scoring op whose rank is 2 ([B,D]), if ranks are known. */
    public Optional<String> nearestRank2(GraphView graph) {
        return chain.stream().filter(t -> GraphQueries.rank(graph, t) == 2).findFirst();
    }

    /** Walks back from {@code userOperand}. */
    public static UserStatePath trace(GraphView graph, String userOperand) {
        List<String> chain = new ArrayList<>();
        String tensor = userOperand;
        for (int steps = 0; steps < 64; steps++) {
            chain.add(tensor);
            Optional<GraphNode> producer = graph.producer(tensor);
            if (producer.isEmpty()) {
                break;
            }
            GraphNode node = producer.get();
            String op = node.opType();
            if (SELECTION.contains(op) && !GraphQueries.isConstant(graph, node.inputs().get(0))) {
                // Gather*'s indices and Slice's starts are both input 1.
                Set<String> indexInputs = GraphQueries.graphInputsUpstream(graph, node.inputs().get(1));
                return new UserStatePath(chain, Optional.of(node), Optional.of(unflattened(graph, node.inputs().get(0))),
                        indexInputs);
            }
            if (PASS_THROUGH.contains(op)) {
                tensor = node.inputs().get(0);
                continue;
            }
            if (op.equals("If")) {
                Optional<String> data = floatingOuterReference(graph, node);
                if (data.isEmpty()) {
                    break;
                }
                tensor = data.get();
                continue;
            }
            break;
        }
        return new UserStatePath(chain, Optional.empty(), Optional.empty(), Set.of());
    }

    /**
     * Indexing {@code h[arange(B), lengths-1]} exports as a Gather on {@code h} reshaped to [B*L,D]; the
     * sequence states are then the rank-3 tensor before that reshape.
     */
    private static String unflattened(GraphView graph, String data) {
        if (GraphQueries.rank(graph, data) != 3) {
            Optional<GraphNode> producer = graph.producer(data);
            if (producer.isPresent() && (producer.get().opType().equals("Reshape")
                    || producer.get().opType().equals("Flatten"))) {
                String before = producer.get().inputs().get(0);
                if (GraphQueries.rank(graph, before) == 3) {
                    return before;
                }
            }
        }
        return data;
    }

    /**
     * The single computed tensor an If node's branches read from outside (the value being squeezed): floating
     * point where types are known, and never a constant.
     */
    private static Optional<String> floatingOuterReference(GraphView graph, GraphNode ifNode) {
        List<String> candidates = new ArrayList<>();
        for (String ref : ifNode.outerScopeReferences()) {
            Optional<TensorSpec> info = graph.tensorInfo(ref);
            boolean floating = info.isEmpty() || info.get().elementType().isFloating()
                    || info.get().elementType() == ElementType.OTHER;
            if (floating && !GraphQueries.isConstant(graph, ref)) {
                candidates.add(ref);
            }
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }
}
