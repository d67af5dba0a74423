package org.recsae.runtime.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.capture.CapturedPrefixes;
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
    private final CapturedPrefixes prefixes;
    private final long targets;
    private final double ndcgOriginal;

    private HeldOutNdcg(ActivationSet set, StateScorer scorer, int rowsPerCall, List<long[]> ranges,
                        CapturedPrefixes prefixes) {
        this.set = set;
        this.scorer = scorer;
        this.rowsPerCall = rowsPerCall;
        this.ranges = ranges;
        this.prefixes = prefixes;
        long n = 0;
        for (long[] range : ranges) {
            for (long row = range[0]; row < range[1]; row++) {
                n += hasNextItem((int) row) ? 1 : 0;
            }
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
        ActivationSet set = ActivationSet.open(cr.run());
        CapturedPrefixes prefixes = CapturedPrefixes.read(cr, set.rows());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Optional<StateScorer> scorer = StateScorer.forCapturedVectors(cr, threads);
        if (scorer.isEmpty()) {
            throw new BadInputException("--dev-ndcg: the captured vectors of probe '" + cr.probe().tensor()
                    + "' cannot be scored on their own (the probe is not the user state, or the scores also read the "
                    + "history); train without --dev-ndcg");
        }
        List<long[]> sorted = new ArrayList<>(heldOut);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        return new HeldOutNdcg(set, scorer.get(), ScoreBatch.rows(POSITION_BATCH, cr.model().signature().itemCount()),
                sorted, prefixes);
    }

    public long targets() {
        return targets;
    }

    @Override
    public double relativeLoss(Reconstruction sae) {
        return (ndcgOriginal - ndcg(sae)) / ndcgOriginal;
    }

    /** False for a user's last captured position when the user has no test item after it. */
    private boolean hasNextItem(int row) {
        return prefixes.position(row) + 1 < prefixes.indexedUser(row).items().length;
    }

    private double ndcg(Reconstruction sae) {
        int width = set.width();
        double sum = 0;
        for (long[] range : ranges) {
            for (long from = range[0]; from < range[1]; from += rowsPerCall) {
                int n = (int) Math.min(rowsPerCall, range[1] - from);
                float[] x = new float[n * width];
                set.read(from, n, x);
                ItemScores scores = scorer.score(sae.apply(x, n), n);
                for (int i = 0; i < n; i++) {
                    int row = (int) from + i;
                    if (hasNextItem(row)) {
                        IndexedUser u = prefixes.indexedUser(row);
                        int seen = prefixes.position(row) + 1;
                        sum += TargetRank.ndcg(TargetRank.of(scores.rows()[i], u.items()[seen], u.items(), seen), 10);
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
