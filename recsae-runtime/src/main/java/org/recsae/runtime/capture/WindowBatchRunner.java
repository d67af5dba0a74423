package org.recsae.runtime.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.spi.BadInputException;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.PaddingSide;
import org.recsae.spi.RecommenderPlugin;

/**
 * Runs batches of capture windows through the pruned head and hands every captured vector, with the row it belongs
 * to, to a {@link CapturedRowSink}. It does not own the session: a local capture closes its own, a Spark executor
 * keeps one per JVM.
 */
public final class WindowBatchRunner {
    private final RecommenderPlugin plugin;
    private final ModelSignature signature;
    private final OrtModel head;
    private final Set<String> headInputs;
    private final String probe;
    private final boolean perPosition;
    private final int width;

    public WindowBatchRunner(RecommenderPlugin plugin, ModelSignature signature, OrtModel head, Set<String> headInputs,
                             String probe, boolean perPosition, int width) {
        this.plugin = plugin;
        this.signature = signature;
        this.head = head;
        this.headInputs = Set.copyOf(headInputs);
        this.probe = probe;
        this.perPosition = perPosition;
        this.width = width;
    }

    /** Encodes, runs and unpacks one batch; returns the number of vectors handed to the sink. */
    public long run(List<CaptureWindow> batch, CapturedRowSink sink) {
        List<int[]> histories = new ArrayList<>(batch.size());
        for (CaptureWindow w : batch) {
            histories.add(Arrays.copyOfRange(w.user().items(), w.from(), w.to()));
        }
        EncodedBatch encoded = plugin.encode(signature, histories, null, headInputs);
        FlatTensor out = head.run(encoded, Set.of(probe)).get(probe);
        float[] values = out.floats();
        int length = signature.maxLength();
        if (perPosition && out.dim(1) != length) {
            throw new BadInputException("probe '" + probe + "' has " + out.dim(1) + " positions but the history has "
                    + length + "; recsae maps positions one to one");
        }
        PaddingSide side = signature.requirePaddingSide();
        long vectors = 0;
        for (int b = 0; b < batch.size(); b++) {
            CaptureWindow w = batch.get(b);
            int n = w.length();
            for (int j = w.everyPosition() ? 0 : n - 1; j < n; j++) {
                int offset = perPosition ? (b * length + side.column(length, n, j)) * width : b * width;
                sink.accept(values, offset, w.user(), w.from() + j);
                vectors++;
            }
        }
        return vectors;
    }
}
