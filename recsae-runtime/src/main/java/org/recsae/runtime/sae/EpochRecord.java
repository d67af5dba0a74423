package org.recsae.runtime.sae;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.store.Json;
import org.recsae.spi.RuntimeFailureException;

/**
 * One epoch's early-stopping check: the held-out NMSE, the share of latents silent through the epoch, the learning
 * rate the epoch trained at, and whether the epoch became the best so far. The list of them is the run's training
 * curve in {@code metrics.json}, and travels in checkpoints so that a resumed run reports the whole curve.
 */
record EpochRecord(int epoch, double heldoutNmse, double silentFraction, double learningRate, boolean best) {

    static ArrayNode toJson(List<EpochRecord> records) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (EpochRecord r : records) {
            out.addObject().put("epoch", r.epoch).put("heldout_nmse", r.heldoutNmse)
                    .put("silent_fraction", r.silentFraction).put("learning_rate", r.learningRate)
                    .put("best_so_far", r.best);
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
                    r.path("silent_fraction").asDouble(), r.path("learning_rate").asDouble(),
                    r.path("best_so_far").asBoolean()));
        }
        return out;
    }
}
