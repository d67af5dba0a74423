package org.recsae.runtime.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.recsae.runtime.store.Json;
import org.recsae.spi.BadInputException;
import org.recsae.spi.InputRole;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.PaddingSide;

/** A {@link ModelSignature} as JSON, in {@code inspect --json} and in run manifests, and back. */
public final class SignatureJson {
    private SignatureJson() {
    }

    public static ObjectNode toJson(ModelSignature s) {
        ObjectNode sig = Json.object();
        ObjectNode inputs = sig.putObject("inputs");
        for (Map.Entry<InputRole, String> e : s.inputs().entrySet()) {
            inputs.put(e.getKey().jsonName(), e.getValue());
        }
        sig.put("score_output", s.scoreOutput());
        sig.put("max_length", s.maxLength());
        sig.put("padding_id", s.paddingId());
        if (s.paddingSide().isPresent()) {
            sig.put("padding_side", s.paddingSide().get().jsonName());
        } else {
            sig.putNull("padding_side");
        }
        sig.put("padding_evidence", s.paddingEvidence());
        sig.put("item_count", s.itemCount());
        sig.put("hidden_dim", s.hiddenDim());
        if (!s.extras().isEmpty()) {
            ObjectNode extras = sig.putObject("extras");
            s.extras().forEach(extras::put);
        }
        return sig;
    }

    /** @param where names the file in errors */
    public static ModelSignature fromJson(JsonNode n, String where) {
        try {
            Map<InputRole, String> inputs = new EnumMap<>(InputRole.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("inputs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                inputs.put(InputRole.valueOf(e.getKey().toUpperCase(Locale.ROOT)), e.getValue().asText());
            }
            Optional<PaddingSide> side = n.path("padding_side").isTextual()
                    ? Optional.of(PaddingSide.valueOf(n.get("padding_side").asText().toUpperCase(Locale.ROOT)))
                    : Optional.empty();
            Map<String, String> extras = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("extras").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                extras.put(e.getKey(), e.getValue().asText());
            }
            return new ModelSignature(inputs, n.get("score_output").asText(), n.get("max_length").asInt(),
                    n.get("padding_id").asInt(), side, n.path("padding_evidence").asText(""),
                    n.get("item_count").asInt(), n.get("hidden_dim").asInt(), extras);
        } catch (RuntimeException e) {
            throw new BadInputException(where + ": the recorded model signature is incomplete or invalid (" + e + ")", e);
        }
    }
}
