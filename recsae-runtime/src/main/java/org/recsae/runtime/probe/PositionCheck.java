package org.recsae.runtime.probe;

import java.util.List;
import java.util.Optional;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.PaddingSide;

/**
 * The numeric check behind discovery: is the user state, row by row, the sequence state at {@code lengths-1}
 * (right padding) or at the last column (left padding)? Rows shorter than the max length tell the two apart.
 *
 * @param side the position that matched, empty if neither did
 * @param maxDiffRight largest absolute difference against the states at {@code lengths-1}
 * @param maxDiffLeft largest absolute difference against the states in the last column
 */
public record PositionCheck(Optional<PaddingSide> side, double maxDiffRight, double maxDiffLeft, int rows) {
    /** Matches allow float32 rounding between equivalent op sequences, relative to the states' magnitude. */
    public static final double TOLERANCE = 1e-5;

    public static PositionCheck compare(FlatTensor userState, FlatTensor sequenceStates, List<int[]> histories,
                                        int maxLength) {
        if (userState.rank() != 2 || sequenceStates.rank() != 3 || userState.dim(0) != sequenceStates.dim(0)
                || userState.dim(1) != sequenceStates.dim(2)) {
            return new PositionCheck(Optional.empty(), Double.NaN, Double.NaN, 0);
        }
        int batch = (int) userState.dim(0);
        int length = (int) sequenceStates.dim(1);
        int dim = (int) userState.dim(1);
        float[] user = userState.floats();
        float[] seq = sequenceStates.floats();
        double right = 0;
        double left = 0;
        double scale = 1;
        for (int b = 0; b < batch; b++) {
            int valid = Math.min(histories.get(b).length, maxLength);
            int atLength = b * length * dim + (valid - 1) * dim;
            int atEnd = b * length * dim + (length - 1) * dim;
            for (int d = 0; d < dim; d++) {
                float u = user[b * dim + d];
                scale = Math.max(scale, Math.abs(u));
                right = Math.max(right, Math.abs(u - seq[atLength + d]));
                left = Math.max(left, Math.abs(u - seq[atEnd + d]));
            }
        }
        double tol = TOLERANCE * scale;
        Optional<PaddingSide> side = Optional.empty();
        if (right <= tol && left > tol) {
            side = Optional.of(PaddingSide.RIGHT);
        } else if (left <= tol && right > tol) {
            side = Optional.of(PaddingSide.LEFT);
        }
        return new PositionCheck(side, right, left, batch);
    }
}
