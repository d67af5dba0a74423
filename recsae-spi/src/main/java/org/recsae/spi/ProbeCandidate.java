package org.recsae.spi;

import java.util.Objects;
import org.recsae.spi.graph.TensorShape;

/**
 * An internal tensor that can be tapped, with the role it plays.
 *
 * @param block index of the transformer block for {@link ProbeRole#BLOCK_OUTPUT}, else -1
 * @param evidence one sentence saying why this tensor has this role
 */
public record ProbeCandidate(String tensor, TensorShape shape, ProbeRole role, int block, String evidence) {
    public ProbeCandidate {
        Objects.requireNonNull(tensor, "tensor");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** The last dimension: the width of every vector captured at this probe. */
    public int width() {
        return (int) shape.dim(shape.rank() - 1);
    }

    public ProbeCandidate withShape(TensorShape newShape) {
        return new ProbeCandidate(tensor, newShape, role, block, evidence);
    }
}
