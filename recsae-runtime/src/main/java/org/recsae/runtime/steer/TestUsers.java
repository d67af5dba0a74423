package org.recsae.runtime.steer;

import org.recsae.runtime.graph.SessionGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.ort.TailSession;
import org.recsae.runtime.sae.LoadedSae;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.runtime.eval.TopItems;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;

/**
 * The test users' probe states, computed once by the head graph and kept with their model inputs, so that any
 * edit of the states can be scored by the tail alone.
 */
final class TestUsers {
    private static final int BATCH = 128;

    private final List<IndexedUser> users;
    private final List<EncodedBatch> batches = new ArrayList<>();
    private final List<FlatTensor> states = new ArrayList<>();
    private final int rowsPerUser;
    private final int width;
    private final ModelSignature signature;
    private LoadedSae.Codes codes;
    private float[][] baseScores;

    private TestUsers(List<IndexedUser> users, int rowsPerUser, int width, ModelSignature signature) {
        this.users = users;
        this.rowsPerUser = rowsPerUser;
        this.width = width;
        this.signature = signature;
    }

    static TestUsers capture(CapturedRun cr, ProbeCandidate probe, int threads) {
        ModelSignature signature = cr.model().signature();
        int width = probe.width();
        int rowsPerUser = probe.shape().rank() == 3 ? signature.maxLength() : 1;
        TestUsers t = new TestUsers(cr.log().evaluable(), rowsPerUser, width, signature);
        var headProto = GraphCut.head(cr.model().model(), cr.model().report().graph(), List.of(probe.tensor()));
        Set<String> headInputs = Set.copyOf(GraphCut.inputNames(headProto));
        try (OrtModel head = OrtModel.load(SessionGraph.of(cr.model().model(), headProto), "head to " + probe.tensor(),
                threads)) {
            // the batches are scored later, so their size bounds the score matrix too
            int rows = org.recsae.runtime.eval.ScoreBatch.rows(BATCH, signature.itemCount());
            for (int start = 0; start < t.users.size(); start += rows) {
                List<int[]> histories = new ArrayList<>();
                for (IndexedUser u : t.users.subList(start, Math.min(t.users.size(), start + rows))) {
                    histories.add(u.historyBefore(u.beforeTest(), signature.maxLength()));
                }
                EncodedBatch encoded = cr.model().plugin().encode(signature, histories, null);
                t.batches.add(encoded);
                t.states.add(head.run(EncodedBatch.restrictedTo(encoded, headInputs), Set.of(probe.tensor()))
                        .get(probe.tensor()));
            }
        }
        return t;
    }

    int count() {
        return users.size();
    }

    IndexedUser user(int u) {
        return users.get(u);
    }

    private LoadedSae.Codes codes(LoadedSae sae) {
        if (codes == null) {
            float[] all = new float[users.size() * rowsPerUser * width];
            int at = 0;
            for (FlatTensor s : states) {
                System.arraycopy(s.floats(), 0, all, at, s.floats().length);
                at += s.floats().length;
            }
            codes = sae.codes(all, users.size() * rowsPerUser);
        }
        return codes;
    }

    /** The row of user {@code u}'s state at the newest history item. */
    private int lastRow(int u) {
        if (rowsPerUser == 1) {
            return u;
        }
        int n = Math.min(users.get(u).beforeTest(), signature.maxLength());
        int column = signature.requirePaddingSide().column(signature.maxLength(), n, n - 1);
        return u * rowsPerUser + column;
    }

    /** Latents active in user {@code u}'s last state. */
    int[] activeAtLast(int u, LoadedSae sae) {
        LoadedSae.Codes c = codes(sae);
        int row = lastRow(u);
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < c.k(); j++) {
            if (c.values()[row * c.k() + j] > 0) {
                out.add((int) c.latents()[row * c.k() + j]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Scores with latent {@code latent}'s decoded contribution multiplied by {@code factor} at every position:
     * {@code x + (factor - 1) z_latent W_dec[latent]}, the delta splice restricted to one latent.
     */
    float[][] scoresWithLatentScaled(CapturedRun cr, LoadedSae sae, float[] wDec, TailSession tail, int latent,
                                     float factor) {
        if (factor == 1f && baseScores != null) {
            return baseScores;
        }
        LoadedSae.Codes c = codes(sae);
        float[][] out = new float[users.size()][];
        int user = 0;
        int rowBase = 0;
        for (int b = 0; b < batches.size(); b++) {
            FlatTensor s = states.get(b);
            float[] edited = s.floats().clone();
            int rows = edited.length / width;
            if (factor != 1f) {
                for (int r = 0; r < rows; r++) {
                    int global = rowBase + r;
                    for (int j = 0; j < c.k(); j++) {
                        if (c.latents()[global * c.k() + j] == latent) {
                            float z = c.values()[global * c.k() + j] * (factor - 1);
                            for (int d = 0; d < width; d++) {
                                edited[r * width + d] += z * wDec[latent * width + d];
                            }
                        }
                    }
                }
            }
            ItemScores scores = cr.model().plugin().decodeScores(signature,
                    tail.score(batches.get(b), FlatTensor.ofFloats(edited, s.shape())), null);
            for (float[] row : scores.rows()) {
                out[user++] = row;
            }
            rowBase += rows;
        }
        if (factor == 1f) {
            baseScores = out;
        }
        return out;
    }

    /** Share of all test users whose unsteered top-10 already holds one of {@code items}. */
    double unsteeredShare(int[] items) {
        if (baseScores == null) {
            throw new IllegalStateException("score the unsteered model first");
        }
        int hit = 0;
        for (int u = 0; u < users.size(); u++) {
            for (int t : TopItems.excludingHistory(baseScores[u], users.get(u).items(), users.get(u).beforeTest(), 10)) {
                for (int i : items) {
                    if (t == i) {
                        hit++;
                        break;
                    }
                }
            }
        }
        return (double) hit / users.size();
    }
}
