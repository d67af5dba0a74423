package org.recsae.runtime.explain;

import org.recsae.runtime.graph.SessionGraph;
import java.util.List;
import java.util.Set;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.ModelSignature;

/** The probe state at the newest history item, from the head graph, for histories given directly. */
final class UserStates {
    private UserStates() {
    }

    /** One [D] state per history, row-major: the probe's value at each history's last valid position. */
    static float[] lastStates(CapturedRun cr, List<int[]> histories, int threads) {
        ModelSignature signature = cr.model().signature();
        String probe = cr.probe().tensor();
        var headProto = GraphCut.head(cr.model().model(), cr.model().report().graph(), List.of(probe));
        Set<String> headInputs = Set.copyOf(GraphCut.inputNames(headProto));
        EncodedBatch encoded = cr.model().plugin().encode(signature, histories, null);
        FlatTensor out;
        try (OrtModel head = OrtModel.load(SessionGraph.of(cr.model().model(), headProto), "head to " + probe, threads)) {
            out = head.run(EncodedBatch.restrictedTo(encoded, headInputs), Set.of(probe)).get(probe);
        }
        int width = (int) out.dim(out.rank() - 1);
        float[] states = new float[histories.size() * width];
        for (int b = 0; b < histories.size(); b++) {
            int row;
            if (out.rank() == 3) {
                int length = (int) out.dim(1);
                int n = Math.min(histories.get(b).length, length);
                int column = signature.requirePaddingSide().column(length, n, n - 1);
                row = b * length + column;
            } else {
                row = b;
            }
            System.arraycopy(out.floats(), row * width, states, b * width, width);
        }
        return states;
    }
}
