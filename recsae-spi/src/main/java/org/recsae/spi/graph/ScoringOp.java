package org.recsae.spi.graph;

import java.util.Set;

/**
 * The operator that turns a user state and item representations into scores, with its two operands already
 * told apart: {@code userOperand} is computed from the history inputs, {@code itemOperand} from a table (and, for
 * candidate-scoring models, from the candidate input).
 */
public record ScoringOp(
        Kind kind,
        GraphNode node,
        String scoreOutput,
        String userOperand,
        String itemOperand,
        Set<String> userInputs,
        Set<String> itemInputs) {

    public enum Kind {
        /** {@code MatMul(user, itemsT)}: full-catalogue scoring. */
        MATMUL,
        /** {@code Gemm(user, items, transB)}. */
        GEMM,
        /** {@code ReduceSum(Mul(user, candidates))}: per-candidate scoring (ReChorus). */
        MUL_REDUCESUM
    }
}
