package org.recsae.spi;

import java.util.Arrays;
import java.util.List;

/**
 * The common encoding of padded item histories, shared by plugins: a [B,L] history tensor padded on the signature's
 * side, a [B] lengths tensor, and, for candidate-scoring models, a [B,C] candidate tensor.
 */
public final class HistoryEncoding {
    private HistoryEncoding() {
    }

    public static EncodedBatch encode(ModelSignature signature, List<int[]> histories, int[][] candidates) {
        int batch = histories.size();
        if (batch == 0) {
            throw new BadInputException("cannot encode an empty batch: no histories given");
        }
        int length = signature.maxLength();
        PaddingSide side = signature.requirePaddingSide();
        long[] history = new long[batch * length];
        long[] lengths = new long[batch];
        for (int b = 0; b < batch; b++) {
            int[] items = histories.get(b);
            if (items.length == 0) {
                throw new BadInputException("history " + b + " of the batch is empty; every user needs at least one item");
            }
            int n = Math.min(items.length, length);
            int from = items.length - n;
            long[] row = new long[length];
            Arrays.fill(row, signature.paddingId());
            int offset = side.column(length, n, 0);
            for (int j = 0; j < n; j++) {
                int item = items[from + j];
                if (!inTable(signature, item)) {
                    throw outsideTable(signature, item, "history " + b + ", position " + (from + j));
                }
                row[offset + j] = item;
            }
            System.arraycopy(row, 0, history, b * length, length);
            lengths[b] = n;
        }
        java.util.Map<String, FlatTensor> inputs = new java.util.LinkedHashMap<>();
        inputs.put(signature.input(InputRole.HISTORY), FlatTensor.ofLongs(history, batch, length));
        if (signature.hasInput(InputRole.LENGTHS)) {
            inputs.put(signature.input(InputRole.LENGTHS), FlatTensor.ofLongs(lengths, batch));
        }
        if (signature.hasInput(InputRole.CANDIDATES)) {
            int[][] rows = candidates != null ? candidates : allItems(signature, batch);
            if (rows.length != batch) {
                throw new BadInputException("candidates: expected one list per history (" + batch + "), found " + rows.length);
            }
            int c = rows[0].length;
            long[] flat = new long[batch * c];
            for (int b = 0; b < batch; b++) {
                if (rows[b].length != c) {
                    throw new BadInputException("candidates: every row must have the same length; row 0 has " + c
                            + ", row " + b + " has " + rows[b].length);
                }
                for (int j = 0; j < c; j++) {
                    if (!inTable(signature, rows[b][j])) {
                        throw outsideTable(signature, rows[b][j], "candidates row " + b + ", position " + j);
                    }
                    flat[b * c + j] = rows[b][j];
                }
            }
            inputs.put(signature.input(InputRole.CANDIDATES), FlatTensor.ofLongs(flat, batch, c));
        }
        return new EncodedBatch(batch, inputs);
    }

    /** Every item index but padding, in order: the full-catalogue candidate list. */
    public static int[] allItemIndices(ModelSignature signature) {
        int[] all = new int[signature.itemCount() - 1];
        int k = 0;
        for (int i = 0; i < signature.itemCount(); i++) {
            if (i != signature.paddingId()) {
                all[k++] = i;
            }
        }
        return all;
    }

    private static int[][] allItems(ModelSignature signature, int batch) {
        int[] all = allItemIndices(signature);
        int[][] rows = new int[batch][];
        Arrays.fill(rows, all);
        return rows;
    }

    private static boolean inTable(ModelSignature signature, int item) {
        return item >= 0 && item < signature.itemCount() && item != signature.paddingId();
    }

    /** Built only on failure: the check runs for every item of every batch, its message must cost nothing then. */
    private static BadInputException outsideTable(ModelSignature signature, int item, String where) {
        return new BadInputException(where + ": item index " + item + " is outside the model's item table (valid: 0.."
                + (signature.itemCount() - 1) + " except padding id " + signature.paddingId() + ")");
    }

    /** Scores of a full-catalogue [B,N] or candidate [B,C] output, in catalogue order. */
    public static ItemScores decode(ModelSignature signature, FlatTensor scores, int[][] candidates) {
        if (scores.rank() != 2) {
            throw new BadInputException("score output '" + signature.scoreOutput() + "': expected rank 2, found shape "
                    + Arrays.toString(scores.shape()));
        }
        int batch = (int) scores.dim(0);
        int width = (int) scores.dim(1);
        float[] flat = scores.floats();
        float[][] rows = new float[batch][signature.itemCount()];
        if (signature.hasInput(InputRole.CANDIDATES)) {
            int[][] cand = candidates != null ? candidates : allItems(signature, batch);
            for (int b = 0; b < batch; b++) {
                Arrays.fill(rows[b], Float.NEGATIVE_INFINITY);
                if (cand[b].length != width) {
                    throw new BadInputException("score output '" + signature.scoreOutput() + "' has " + width
                            + " columns but row " + b + " had " + cand[b].length + " candidates");
                }
                for (int j = 0; j < width; j++) {
                    rows[b][cand[b][j]] = flat[b * width + j];
                }
            }
        } else {
            if (width != signature.itemCount()) {
                throw new BadInputException("score output '" + signature.scoreOutput() + "': expected "
                        + signature.itemCount() + " columns (one per item table row), found " + width);
            }
            for (int b = 0; b < batch; b++) {
                System.arraycopy(flat, b * width, rows[b], 0, width);
                rows[b][signature.paddingId()] = Float.NEGATIVE_INFINITY;
                if (candidates != null) {
                    float[] kept = new float[width];
                    Arrays.fill(kept, Float.NEGATIVE_INFINITY);
                    for (int item : candidates[b]) {
                        kept[item] = rows[b][item];
                    }
                    rows[b] = kept;
                }
            }
        }
        return new ItemScores(rows);
    }
}
