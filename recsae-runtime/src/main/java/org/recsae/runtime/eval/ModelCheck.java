package org.recsae.runtime.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.recsae.runtime.capture.ProbedModel;
import org.recsae.runtime.data.IndexedLog;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.progress.Progress;
import org.recsae.spi.BadInputException;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelSignature;

/**
 * Scores every user's test item with the full model (full ranking over the item table, padding excluded, history
 * items kept) and with popularity counted on the training part. A model that does not clearly beat popularity was
 * probably fed wrongly: a wrong id map, padding side or input role.
 */
public final class ModelCheck {
    public static final int K = 10;
    /** "Clearly better" means at least this many times popularity's HR@10. */
    public static final double CLEARLY_BETTER = 1.25;
    private static final int BATCH = 128;

    private ModelCheck() {
    }

    public static CheckResult run(ProbedModel probed, IndexedLog log, PrintStream err) {
        ModelSignature signature = probed.signature();
        List<IndexedUser> users = log.evaluable();
        if (users.isEmpty()) {
            throw new BadInputException("data " + log.log().describe() + ": no user has a test item with history before it");
        }
        float[] popularity = popularity(log.users(), signature);
        RankingMetrics model = new RankingMetrics(K);
        RankingMetrics popular = new RankingMetrics(K);
        Progress progress = Progress.start(err, "check", "users", users.size());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (OrtModel session = OrtModel.load(probed.model().sessionGraph(), probed.model().path().toString(), threads)) {
            int rows = ScoreBatch.rows(BATCH, signature.itemCount());
            for (int start = 0; start < users.size(); start += rows) {
                List<IndexedUser> batch = users.subList(start, Math.min(users.size(), start + rows));
                List<int[]> histories = new ArrayList<>();
                for (IndexedUser u : batch) {
                    histories.add(u.historyBefore(u.beforeTest(), signature.maxLength()));
                }
                EncodedBatch encoded = probed.plugin().encode(signature, histories, null);
                FlatTensor raw = session.run(encoded, Set.of(signature.scoreOutput())).get(signature.scoreOutput());
                ItemScores scores = probed.plugin().decodeScores(signature, raw, null);
                for (int b = 0; b < batch.size(); b++) {
                    int target = batch.get(b).items()[batch.get(b).testPosition()];
                    model.add(scores.rows()[b], target);
                    popular.add(popularity, target);
                }
                progress.advance(batch.size());
            }
        }
        progress.finish();
        List<String> warnings = new ArrayList<>(probed.report().warnings());
        if (model.hitRate() < CLEARLY_BETTER * popular.hitRate()) {
            warnings.add(String.format(Locale.ROOT, "the model's HR@%d (%.4f) is not clearly above popularity's (%.4f):"
                    + " check the item id map, the padding side and the input roles", K, model.hitRate(),
                    popular.hitRate()));
        }
        return new CheckResult(users.size(), model.hitRate(), model.ndcg(), popular.hitRate(), popular.ndcg(), K,
                warnings);
    }

    /** Interaction counts over every user's training part; padding never ranks. */
    private static float[] popularity(List<IndexedUser> users, ModelSignature signature) {
        float[] counts = new float[signature.itemCount()];
        for (IndexedUser u : users) {
            for (int i = 0; i < u.trainLength(); i++) {
                counts[u.items()[i]]++;
            }
        }
        counts[signature.paddingId()] = Float.NEGATIVE_INFINITY;
        return counts;
    }
}
