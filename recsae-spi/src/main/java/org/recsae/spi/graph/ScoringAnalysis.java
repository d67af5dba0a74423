package org.recsae.spi.graph;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Finds the scoring operator behind a score output by walking back through ops that only reshape or rescale
 * (squeeze, reshape, adding a constant bias), and tells its two operands apart.
 */
public final class ScoringAnalysis {
    private static final Set<String> RESHAPING = Set.of(
            "Identity", "Squeeze", "Unsqueeze", "Reshape", "Flatten", "Cast");
    private static final Set<String> CONSTANT_ARITHMETIC = Set.of("Add", "Sub", "Mul", "Div");

    private ScoringAnalysis() {
    }

    /** What the walk found: the scoring node and its two raw operands, or the reason it stopped. */
    public record Found(ScoringOp.Kind kind, GraphNode node, String first, String second) {
    }

    /**
     * Walks back from {@code output} to the scoring operator. Returns empty with {@code why[0]} set when the walk
     * stops at something that is not a scoring op.
     */
    public static Optional<Found> findScoringNode(GraphView graph, String output, String[] why) {
        String tensor = output;
        for (int steps = 0; steps < 64; steps++) {
            Optional<GraphNode> producer = graph.producer(tensor);
            if (producer.isEmpty()) {
                why[0] = "output '" + output + "' is not computed by any node (it is an input or initializer)";
                return Optional.empty();
            }
            GraphNode node = producer.get();
            String op = node.opType();
            List<String> in = node.inputs();
            if (op.equals("MatMul") && in.size() == 2) {
                return Optional.of(new Found(ScoringOp.Kind.MATMUL, node, in.get(0), in.get(1)));
            }
            if (op.equals("Gemm") && in.size() >= 2) {
                return Optional.of(new Found(ScoringOp.Kind.GEMM, node, in.get(0), in.get(1)));
            }
            if (op.equals("ReduceSum")) {
                Optional<GraphNode> mul = graph.producer(in.get(0));
                if (mul.isPresent() && mul.get().opType().equals("Mul") && mul.get().inputs().size() == 2) {
                    return Optional.of(new Found(ScoringOp.Kind.MUL_REDUCESUM, mul.get(),
                            mul.get().inputs().get(0), mul.get().inputs().get(1)));
                }
                why[0] = "ReduceSum '" + node.name() + "' before output '" + output + "' does not sum a Mul";
                return Optional.empty();
            }
            if (RESHAPING.contains(op) && !in.isEmpty()) {
                tensor = in.get(0);
                continue;
            }
            if (CONSTANT_ARITHMETIC.contains(op) && in.size() == 2) {
                boolean firstConst = GraphQueries.isConstant(graph, in.get(0));
                boolean secondConst = GraphQueries.isConstant(graph, in.get(1));
                if (firstConst != secondConst) {
                    tensor = firstConst ? in.get(1) : in.get(0);
                    continue;
                }
            }
            why[0] = "walking back from output '" + output + "' reached " + op + " node '" + node.name()
                    + "', which is neither a scoring op (MatMul, Gemm, Mul+ReduceSum) nor a reshape or constant rescale";
            return Optional.empty();
        }
        why[0] = "no scoring op within 64 steps of output '" + output + "'";
        return Optional.empty();
    }

    /**
     * Finds the scoring op and orients it: {@code isUserSide} is asked of each operand (with the graph inputs it
     * depends on) and must hold for exactly one of them.
     */
    public static Optional<ScoringOp> find(GraphView graph, String output,
                                           BiPredicate<String, Set<String>> isUserSide, String[] why) {
        Optional<Found> found = findScoringNode(graph, output, why);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Found f = found.get();
        Set<String> firstInputs = GraphQueries.graphInputsUpstream(graph, f.first());
        Set<String> secondInputs = GraphQueries.graphInputsUpstream(graph, f.second());
        boolean firstUser = isUserSide.test(f.first(), firstInputs);
        boolean secondUser = isUserSide.test(f.second(), secondInputs);
        if (firstUser == secondUser) {
            why[0] = "scoring op " + f.node().opType() + " '" + f.node().name() + "' has operands '" + f.first()
                    + "' (inputs " + firstInputs + ") and '" + f.second() + "' (inputs " + secondInputs + "): "
                    + (firstUser ? "both look" : "neither looks") + " like a user state computed from the history";
            return Optional.empty();
        }
        return Optional.of(firstUser
                ? new ScoringOp(f.kind(), f.node(), output, f.first(), f.second(), firstInputs, secondInputs)
                : new ScoringOp(f.kind(), f.node(), output, f.second(), f.first(), secondInputs, firstInputs));
    }
}
