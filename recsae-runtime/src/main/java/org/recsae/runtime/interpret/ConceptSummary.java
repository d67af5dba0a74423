package org.recsae.runtime.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.recsae.runtime.store.Json;

/**
 * {@code RUN/concepts/summary.json}: the paper's Figure 4 (how recall, precision and confidence are distributed),
 * the headline share at confidence >= 0.9 and mean confidence over every interpreted latent (an unscored one
 * counts as 0, so thin evidence cannot flatter the numbers), and the controls beside them.
 */
final class ConceptSummary {
    private ConceptSummary() {
    }

    static ObjectNode of(List<JsonNode> entries, int alive, boolean allAlive) {
        ObjectNode s = Json.object();
        int n = entries.size();
        int scored = 0;
        int high = 0;
        double confidence = 0;
        double recall = 0;
        double precision = 0;
        double shuffled = 0;
        int shuffledCount = 0;
        double blind = 0;
        int blindCount = 0;
        int blindHigh = 0;
        int[][] histograms = new int[3][11];
        for (JsonNode e : entries) {
            if (!e.path("status").asText().equals("scored")) {
                continue;
            }
            scored++;
            double c = e.path("confidence").asDouble();
            confidence += c;
            recall += e.path("recall").asDouble();
            precision += e.path("precision").asDouble();
            high += c >= 0.9 - 1e-9 ? 1 : 0;
            histograms[0][bin(e.path("recall").asDouble())]++;
            histograms[1][bin(e.path("precision").asDouble())]++;
            histograms[2][bin(c)]++;
            JsonNode sh = e.path("controls").path("shuffled");
            if (sh.has("confidence")) {
                shuffled += sh.path("confidence").asDouble();
                shuffledCount++;
            }
            JsonNode wh = e.path("controls").path("withheld");
            if (wh.has("confidence")) {
                blind += wh.path("confidence").asDouble();
                blindHigh += wh.path("confidence").asDouble() >= 0.9 - 1e-9 ? 1 : 0;
                blindCount++;
            }
        }
        s.put("alive", alive);
        s.put("interpreted", n);
        s.put("over", allAlive ? "all alive latents" : "the latents chosen with --latents");
        s.put("scored", scored);
        s.put("unscored", n - scored);
        s.put("count_at_0_9", high);
        s.put("share_at_0_9", n == 0 ? 0 : (double) high / n);
        s.put("mean_confidence", n == 0 ? 0 : confidence / n);
        s.put("mean_recall", n == 0 ? 0 : recall / n);
        s.put("mean_precision", n == 0 ? 0 : precision / n);
        ObjectNode ofScored = s.putObject("scored_only");
        ofScored.put("mean_confidence", scored == 0 ? 0 : confidence / scored);
        ofScored.put("mean_recall", scored == 0 ? 0 : recall / scored);
        ofScored.put("mean_precision", scored == 0 ? 0 : precision / scored);
        ObjectNode dist = s.putObject("distributions");
        String[] names = {"recall", "precision", "confidence"};
        for (int m = 0; m < 3; m++) {
            ObjectNode h = dist.putObject(names[m]);
            for (int b = 0; b <= 10; b++) {
                h.put(String.format(Locale.ROOT, "%.1f", b / 10.0), histograms[m][b]);
            }
        }
        s.put("shuffled_mean_confidence", shuffledCount == 0 ? null : shuffled / shuffledCount);
        s.put("shuffled_pairs", shuffledCount);
        if (blindCount > 0) {
            s.putObject("withheld").put("mean_confidence", blind / n).put("share_at_0_9", (double) blindHigh / n)
                    .put("scored_only_mean_confidence", blind / blindCount);
        }
        return s;
    }

    private static int bin(double v) {
        return (int) Math.max(0, Math.min(10, Math.round(v * 10)));
    }
}
