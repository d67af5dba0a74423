package org.recsae.spi.graph;

import java.util.Optional;

/** Locates the item embedding table behind a scoring op's item side. */
public final class ItemTable {
    private ItemTable() {
    }

    /**
     * {@code [rows, dim]} of the item table: the rank-2 initializer the item operand is, transposes, or gathers
     * from. A bare initializer on the right of a MatMul is already transposed ({@code [dim, rows]}), as constant
     * folding stores it.
     */
    public static Optional<long[]> dims(GraphView graph, ScoringOp op) {
        String tensor = op.itemOperand();
        boolean transposed = op.kind() == ScoringOp.Kind.MATMUL;
        for (int steps = 0; steps < 16; steps++) {
            Optional<TensorSpec> init = graph.initializer(tensor);
            if (init.isPresent()) {
                TensorShape s = init.get().shape();
                if (s.rank() != 2) {
                    return Optional.empty();
                }
                return Optional.of(transposed ? new long[] {s.dim(1), s.dim(0)} : new long[] {s.dim(0), s.dim(1)});
            }
            Optional<GraphNode> producer = graph.producer(tensor);
            if (producer.isEmpty()) {
                return Optional.empty();
            }
            GraphNode node = producer.get();
            switch (node.opType()) {
                case "Transpose":
                    transposed = !transposed;
                    tensor = node.inputs().get(0);
                    break;
                case "Gather":
                    transposed = false;
                    tensor = node.inputs().get(0);
                    break;
                case "Identity":
                case "Cast":
                    tensor = node.inputs().get(0);
                    break;
                default:
                    return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
