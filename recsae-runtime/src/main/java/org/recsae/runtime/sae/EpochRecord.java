package org.recsae.runtime.sae;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.store.Json;
import org.recsae.spi.RuntimeFailureException;

/**
 * One epoch's early-stopping check: the held-out NMSE, the held-out ranking's relative NDCG@10 loss with the SAE
 * spliced in (NaN unless {@code --dev-ndcg}), the share of latents no captured vector activates with the epoch's
 * final weights, the learning rate the epoch trained at, and whether the epoch became the best so far. The list of
 * them is the run's training curve in {@code metrics.json}, and travels in checkpoints so that a resumed run reports
 * the whole curve.
 */
record EpochRecord(int epoch, double heldoutNmse, double devNdcgLoss, double deadFraction, double learningRate,
                   boolean best) {

    static ArrayNode toJson(List<EpochRecord> records) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (EpochRecord r : records) {
            var o = out.addObject().put("epoch", r.epoch).put("heldout_nmse", r.heldoutNmse);
            if (!Double.isNaN(r.devNdcgLoss)) {
                o.put("heldout_ndcg10_loss", r.devNdcgLoss);
            }
            o.put("dead_fraction", r.deadFraction).put("learning_rate", r.learningRate).put("best_so_far", r.best);
        }
        return out;
    }

    static List<EpochRecord> fromJson(String text, String where) {
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RuntimeFailureException(where + ": the epoch history is not JSON: " + e.getOriginalMessage(), e);
        }
        List<EpochRecord> out = new ArrayList<>();
        for (JsonNode r : array) {
            out.add(new EpochRecord(r.path("epoch").asInt(), r.path("heldout_nmse").asDouble(),
                    r.path("heldout_ndcg10_loss").asDouble(Double.NaN), r.path("dead_fraction").asDouble(),
                    r.path("learning_rate").asDouble(), r.path("best_so_far").asBoolean()));
        }
        return out;
    }
}
