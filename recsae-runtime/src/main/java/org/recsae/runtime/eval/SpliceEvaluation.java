package org.recsae.runtime.eval;

import org.recsae.runtime.graph.SessionGraph;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.recsae.runtime.capture.CapturedPrefixes;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.ort.TailSession;
import org.recsae.runtime.progress.Progress;
import org.recsae.runtime.sae.ActivationSet;
import org.recsae.runtime.sae.LoadedSae;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;

/**
 * The paper's Table 4: how much of the model's ranking survives when the probe tensor is replaced by its SAE
 * reconstruction. Both systems are scored through the tail graph cut at the probe, on the same users:
 * <ul>
 *   <li>test users: full ranking of every item, the user's history excluded, ties counted against the target;
 *       HR and NDCG at 5, 10 and 20, with paired-bootstrap intervals of the change;</li>
 *   <li>all positions: every captured position's state predicts the next item (the test item for the last),
 *       scored through the tail cut at the user state; NDCG@10 and the mean top-10 overlap.</li>
 * </ul>
 */
public final class SpliceEvaluation {
    public static final int[] CUTOFFS = {5, 10, 20};
    private static final int BATCH = 128;
    private static final int POSITION_BATCH = 512;

    private SpliceEvaluation() {
    }

    /** Per-user metric arrays for one system. */
    static final class Scores {
        final double[][] hit = new double[CUTOFFS.length][];
        final double[][] ndcg = new double[CUTOFFS.length][];

        Scores(int users) {
            for (int c = 0; c < CUTOFFS.length; c++) {
                hit[c] = new double[users];
                ndcg[c] = new double[users];
            }
        }

        void add(int user, int rank) {
            for (int c = 0; c < CUTOFFS.length; c++) {
                hit[c][user] = TargetRank.hit(rank, CUTOFFS[c]);
                ndcg[c][user] = TargetRank.ndcg(rank, CUTOFFS[c]);
            }
        }
    }

    /** What evaluate measured; {@code positions} is empty when the probe is not the final per-position state. */
    public record Result(int users, Scores original, Scores sae, double testOverlap, Optional<PositionResult> positions,
                         int bootstrap) {
    }

    public record PositionResult(long targets, double ndcgOriginal, double ndcgSae, double overlap) {
    }

    public static Result run(CapturedRun cr, int bootstrap, PrintStream err) {
        RunDirectory run = cr.run();
        ProbeCandidate probe = cr.probe();
        ModelSignature signature = cr.model().signature();
        int width = probe.width();
        SaeFiles files = SaeFiles.readFor(run.stageDir("sae"), width, probe.tensor());
        List<IndexedUser> users = cr.log().evaluable();
        Scores original = new Scores(users.size());
        Scores spliced = new Scores(users.size());
        double overlap = 0;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        var graph = cr.model().report().graph();
        var headProto = GraphCut.head(cr.model().model(), graph, List.of(probe.tensor()));
        Set<String> headInputs = Set.copyOf(GraphCut.inputNames(headProto));
        Optional<PositionResult> positions;
        try (LoadedSae sae = LoadedSae.of(files);
             OrtModel head = OrtModel.load(SessionGraph.of(cr.model().model(), headProto), "head to " + probe.tensor(), threads);
             TailSession tail = TailSession.open(cr.model().model(), graph, probe.tensor(), signature.scoreOutput(),
                     threads)) {
            // A user-state probe is scored as the captured vectors are: through StateScorer, which scores a
            // content model's whole catalogue from item vectors computed once instead of per row.
            Optional<StateScorer> direct = probe.role() == org.recsae.spi.ProbeRole.USER_STATE
                    && probe.shape().rank() == 2 ? StateScorer.forCapturedVectors(cr, threads) : Optional.empty();
            try {
                Progress progress = Progress.start(err, "evaluate test users", "users", users.size());
                int perCall = ScoreBatch.rows(BATCH, signature.itemCount());
                for (int start = 0; start < users.size(); start += perCall) {
                    List<IndexedUser> batch = users.subList(start, Math.min(users.size(), start + perCall));
                    List<int[]> histories = new ArrayList<>();
                    for (IndexedUser u : batch) {
                        histories.add(u.historyBefore(u.beforeTest(), signature.maxLength()));
                    }
                    EncodedBatch encoded = direct.isPresent()
                            ? cr.model().plugin().encode(signature, histories, null, headInputs)
                            : cr.model().plugin().encode(signature, histories, null);
                    FlatTensor states = head.run(EncodedBatch.restrictedTo(encoded, headInputs), Set.of(probe.tensor()))
                            .get(probe.tensor());
                    int rows = (int) (states.floats().length / width);
                    FlatTensor rebuilt = FlatTensor.ofFloats(sae.reconstruct(states.floats(), rows), states.shape());
                    ItemScores a = direct.isPresent() ? direct.get().score(states.floats(), rows)
                            : cr.model().plugin().decodeScores(signature, tail.score(encoded, states), null);
                    ItemScores b = direct.isPresent() ? direct.get().score(rebuilt.floats(), rows)
                            : cr.model().plugin().decodeScores(signature, tail.score(encoded, rebuilt), null);
                    for (int i = 0; i < batch.size(); i++) {
                        IndexedUser u = batch.get(i);
                        int target = u.items()[u.testPosition()];
                        original.add(start + i, TargetRank.of(a.rows()[i], target, u.items(), u.beforeTest()));
                        spliced.add(start + i, TargetRank.of(b.rows()[i], target, u.items(), u.beforeTest()));
                        overlap += Overlap.top10(a.rows()[i], b.rows()[i], u.items(), u.beforeTest());
                    }
                    progress.advance(batch.size());
                }
                progress.finish();
            } finally {
                direct.ifPresent(StateScorer::close);
            }
            positions = allPositions(cr, sae, threads, err);
        }
        return new Result(users.size(), original, spliced, overlap / users.size(), positions, bootstrap);
    }

    /** Next-item NDCG@10 at every captured position, original state vs its reconstruction. */
    private static Optional<PositionResult> allPositions(CapturedRun cr, LoadedSae sae, int threads, PrintStream err) {
        if (!"all".equals(cr.capture().path("parameters").path("positions").asText())) {
            return Optional.empty();
        }
        Optional<StateScorer> maybeScorer = StateScorer.forCapturedVectors(cr, threads);
        if (maybeScorer.isEmpty()) {
            return Optional.empty();
        }
        ActivationSet set = ActivationSet.open(cr.run());
        int width = set.width();
        long total = set.rows();
        double ndcgA = 0;
        double ndcgB = 0;
        double overlap = 0;
        long scored = 0;
        try (StateScorer scorer = maybeScorer.get()) {
            CapturedPrefixes prefixes = CapturedPrefixes.read(cr, total);
            Progress progress = Progress.start(err, "evaluate all positions", "vectors", total);
            int rowsPerCall = ScoreBatch.rows(POSITION_BATCH, cr.model().signature().itemCount());
            float[] x = new float[rowsPerCall * width];
            for (long from = 0; from < total; from += rowsPerCall) {
                int n = (int) Math.min(rowsPerCall, total - from);
                float[] chunk = n == rowsPerCall ? x : new float[n * width];
                set.read(from, n, chunk);
                ItemScores a = scorer.score(chunk, n);
                ItemScores b = scorer.score(sae.reconstruct(chunk, n), n);
                for (int i = 0; i < n; i++) {
                    int row = (int) from + i;
                    IndexedUser who = prefixes.indexedUser(row);
                    int seen = prefixes.position(row) + 1;
                    if (seen >= who.items().length) {
                        continue; // a user without a test item: the last position has no next item
                    }
                    int target = who.items()[seen];
                    scored++;
                    ndcgA += TargetRank.ndcg(TargetRank.of(a.rows()[i], target, who.items(), seen), 10);
                    ndcgB += TargetRank.ndcg(TargetRank.of(b.rows()[i], target, who.items(), seen), 10);
                    overlap += Overlap.top10(a.rows()[i], b.rows()[i], who.items(), seen);
                }
                progress.advance(n);
            }
            progress.finish();
        }
        return Optional.of(new PositionResult(scored, ndcgA / scored, ndcgB / scored, overlap / scored));
    }

    /** The ranking.json document. */
    public static ObjectNode toJson(Result r) {
        ObjectNode root = org.recsae.runtime.store.Json.object();
        root.put("protocol", "full ranking of every item, the user's history excluded, ties counted against the target;"
                + " both systems scored through the tail graph cut at the probe");
        root.put("test_users", r.users());
        ObjectNode orig = root.putObject("original");
        ObjectNode sae = root.putObject("sae");
        ObjectNode change = root.putObject("change");
        for (int c = 0; c < CUTOFFS.length; c++) {
            int k = CUTOFFS[c];
            put(orig, sae, change, "hr@" + k, r.original().hit[c], r.sae().hit[c], r.bootstrap(), 11 + c);
            put(orig, sae, change, "ndcg@" + k, r.original().ndcg[c], r.sae().ndcg[c], r.bootstrap(), 23 + c);
        }
        root.put("test_top10_overlap", r.testOverlap());
        if (r.positions().isPresent()) {
            PositionResult p = r.positions().get();
            ObjectNode pos = root.putObject("all_positions");
            pos.put("targets", p.targets());
            pos.put("ndcg@10_original", p.ndcgOriginal());
            pos.put("ndcg@10_sae", p.ndcgSae());
            if (p.ndcgOriginal() > 0) {
                pos.put("ndcg@10_relative_change", (p.ndcgSae() - p.ndcgOriginal()) / p.ndcgOriginal());
            } else {
                pos.putNull("ndcg@10_relative_change"); // no relative change of a model that never ranks a target
            }
            pos.put("top10_overlap", p.overlap());
        } else {
            root.putNull("all_positions");
        }
        root.put("bootstrap_resamples", r.bootstrap());
        return root;
    }

    private static void put(ObjectNode orig, ObjectNode sae, ObjectNode change, String name, double[] a, double[] b,
                            int resamples, long seed) {
        double ma = mean(a);
        double mb = mean(b);
        orig.put(name, ma);
        sae.put(name, mb);
        double[] ci = PairedBootstrap.interval(a, b, resamples, seed);
        ObjectNode c = change.putObject(name);
        c.put("absolute", ci[0]);
        c.put("relative", ma == 0 ? 0 : ci[0] / ma);
        c.putArray("ci95").add(ci[1]).add(ci[2]);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
