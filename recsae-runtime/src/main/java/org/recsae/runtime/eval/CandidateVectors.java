package org.recsae.runtime.eval;

import org.recsae.runtime.graph.SessionGraph;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.InputRole;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.graph.ScoringAnalysis;
import org.recsae.spi.graph.ScoringOp;

/**
 * Whole-catalogue scoring for models whose scores dot the user state with vectors computed from a candidates
 * input (a content model's item tower): every item's vector is computed once, in chunks, by the graph cut at the
 * scoring op's item operand, and a batch of states is then scored as {@code states · vectorsᵀ} instead of running
 * the item tower over the whole catalogue for every row. {@link StateScorer} checks it against the real tail before
 * relying on it.
 */
final class CandidateVectors {
    private static final int CHUNK = 1024;

    private final float[][] vectors;
    private final int width;

    private CandidateVectors(float[][] vectors, int width) {
        this.vectors = vectors;
        this.width = width;
    }

    static Optional<CandidateVectors> build(CapturedRun run, int threads) {
        ModelSignature s = run.model().signature();
        if (!s.hasInput(InputRole.CANDIDATES)) {
            return Optional.empty();
        }
        String candidates = s.input(InputRole.CANDIDATES);
        String[] why = new String[1];
        Optional<ScoringOp> op = ScoringAnalysis.find(run.model().report().graph(), s.scoreOutput(),
                (operand, inputs) -> !inputs.contains(candidates), why);
        if (op.isEmpty() || !op.get().itemInputs().equals(Set.of(candidates))) {
            return Optional.empty();
        }
        ai.onnx.proto.OnnxMl.ModelProto head = GraphCut.head(run.model().model(), run.model().report().graph(),
                List.of(op.get().itemOperand()));
        if (!Set.copyOf(GraphCut.inputNames(head)).equals(Set.of(candidates))) {
            return Optional.empty();
        }
        int items = s.itemCount();
        float[][] out = new float[items][];
        int width = -1;
        int placeholder = s.paddingId() == 0 ? 1 : 0;
        try (OrtModel tower = OrtModel.load(SessionGraph.of(run.model().model(), head), run.model().model().path() + " (item tower to "
                + op.get().itemOperand() + ")", threads)) {
            int[] all = org.recsae.spi.HistoryEncoding.allItemIndices(s);
            for (int from = 0; from < all.length; from += CHUNK) {
                int[] chunk = java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + CHUNK));
                EncodedBatch batch = run.model().plugin().encode(s, List.of(new int[] {placeholder}),
                        new int[][] {chunk}, Set.of(candidates));
                FlatTensor v = tower.run(batch, Set.of(op.get().itemOperand())).get(op.get().itemOperand());
                if (v.rank() < 2) {
                    return Optional.empty();
                }
                int d = (int) v.dim(v.rank() - 1);
                if (FlatTensor.elementCount(v.shape()) != (long) chunk.length * d) {
                    return Optional.empty();
                }
                width = d;
                float[] flat = v.floats();
                for (int i = 0; i < chunk.length; i++) {
                    out[chunk[i]] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                }
            }
        }
        return Optional.of(new CandidateVectors(out, width));
    }

    int width() {
        return width;
    }

    /**
     * Scores [rows][items] in catalogue order; items without a vector (padding) score -inf. Rows are independent,
     * so they are spread over the cores with the same result as in sequence.
     */
    float[][] score(float[] states, int rows) {
        float[][] out = new float[rows][vectors.length];
        java.util.stream.IntStream.range(0, rows).parallel().forEach(r -> {
            float[] row = out[r];
            for (int i = 0; i < vectors.length; i++) {
                float[] v = vectors[i];
                if (v == null) {
                    row[i] = Float.NEGATIVE_INFINITY;
                    continue;
                }
                double sum = 0;
                for (int d = 0; d < width; d++) {
                    sum += (double) states[r * width + d] * v[d];
                }
                row[i] = (float) sum;
            }
        });
        return out;
    }
}
