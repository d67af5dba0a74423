package org.recsae.runtime.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.sae.ActivationSet;
import org.recsae.runtime.sae.HeldOutRanking;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ItemScores;
import org.recsae.spi.UsageException;

/**
 * The held-out users' next-item NDCG@10 at every captured position, each state scored as captured and as the SAE
 * rebuilds it; the protocol of evaluate's all-position comparison (full ranking, history excluded, ties against the
 * target). The original states' NDCG is computed once, when opened.
 */
public final class HeldOutNdcg implements HeldOutRanking {
    private static final int POSITION_BATCH = 512;

    private final ActivationSet set;
    private final StateScorer scorer;
    /** Rows per scoring call: fewer for large catalogues, so the score matrix stays bounded. */
    private final int rowsPerCall;
    private final List<long[]> ranges;
    /** Per held-out row, in range order: its user, or null when the position has no next item. */
    private final IndexedUser[] who;
    /** Per held-out row: how many of the user's items the state has seen. */
    private final int[] seen;
    private final long targets;
    private final double ndcgOriginal;

    private HeldOutNdcg(ActivationSet set, StateScorer scorer, int rowsPerCall, List<long[]> ranges, IndexedUser[] who,
                        int[] seen) {
        this.set = set;
        this.scorer = scorer;
        this.rowsPerCall = rowsPerCall;
        this.ranges = ranges;
        this.who = who;
        this.seen = seen;
        long n = 0;
        for (IndexedUser u : who) {
            n += u == null ? 0 : 1;
        }
        this.targets = n;
        this.ndcgOriginal = ndcg((x, rows) -> x);
        if (targets == 0 || ndcgOriginal == 0) {
            close();
            throw new BadInputException("--dev-ndcg: the model ranks no held-out target in its top 10 (" + targets
                    + " targets), so a relative change of its NDCG is undefined; train without --dev-ndcg");
        }
    }

    /**
     * @param heldOut the held-out users' row ranges of the run's activations
     */
    public static HeldOutNdcg open(CapturedRun cr, List<long[]> heldOut) {
        String positions = cr.capture().path("parameters").path("positions").asText();
        if (!"all".equals(positions)) {
            throw new UsageException("--dev-ndcg scores the state at every position of the held-out users' histories: "
                    + "capture with --positions all (run " + cr.run().root() + " captured '" + positions + "')");
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Optional<StateScorer> scorer = StateScorer.forCapturedVectors(cr, threads);
        if (scorer.isEmpty()) {
            throw new BadInputException("--dev-ndcg: the captured vectors of probe '" + cr.probe().tensor()
                    + "' cannot be scored on their own (the probe is not the user state, or the scores also read the "
                    + "history); train without --dev-ndcg");
        }
        List<long[]> sorted = new ArrayList<>(heldOut);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        ActivationSet set = ActivationSet.open(cr.run());
        Map<Long, IndexedUser> byUser = new HashMap<>();
        cr.log().users().forEach(u -> byUser.put(u.user(), u));
        int count = Math.toIntExact(ActivationSet.count(sorted));
        IndexedUser[] who = new IndexedUser[count];
        int[] seen = new int[count];
        Path rowsFile = cr.run().stageDir("activations").resolve("rows.csv");
        try (BufferedReader rows = Files.newBufferedReader(rowsFile)) {
            rows.readLine();
            long row = 0;
            int next = 0;
            for (long[] range : sorted) {
                for (; row < range[0]; row++) {
                    rows.readLine();
                }
                for (; row < range[1]; row++) {
                    String line = rows.readLine();
                    if (line == null) {
                        throw new BadInputException(rowsFile + ": ends at row " + row + ", but the activations hold "
                                + set.rows() + " rows");
                    }
                    String[] f = line.split(",");
                    IndexedUser u = byUser.get(Long.parseLong(f[0]));
                    int s = Integer.parseInt(f[1]) + 1;
                    who[next] = u != null && s < u.items().length ? u : null;
                    seen[next++] = s;
                }
            }
        } catch (IOException e) {
            scorer.get().close();
            throw new BadInputException("cannot read " + rowsFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            scorer.get().close();
            throw e;
        }
        return new HeldOutNdcg(set, scorer.get(), ScoreBatch.rows(POSITION_BATCH, cr.model().signature().itemCount()),
                sorted, who, seen);
    }

    public long targets() {
        return targets;
    }

    @Override
    public double relativeLoss(Reconstruction sae) {
        return (ndcgOriginal - ndcg(sae)) / ndcgOriginal;
    }

    private double ndcg(Reconstruction sae) {
        int width = set.width();
        double sum = 0;
        int next = 0;
        for (long[] range : ranges) {
            for (long from = range[0]; from < range[1]; from += rowsPerCall) {
                int n = (int) Math.min(rowsPerCall, range[1] - from);
                float[] x = new float[n * width];
                set.read(from, n, x);
                ItemScores scores = scorer.score(sae.apply(x, n), n);
                for (int i = 0; i < n; i++, next++) {
                    IndexedUser u = who[next];
                    if (u != null) {
                        sum += TargetRank.ndcg(TargetRank.of(scores.rows()[i], u.items()[seen[next]], u.items(),
                                seen[next]), 10);
                    }
                }
            }
        }
        return sum / targets;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
