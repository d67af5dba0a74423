package org.recsae.runtime.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.store.CsvText;

/** {@code concepts.csv}: one row per latent, the columns a spreadsheet user sorts by, text quoted per RFC 4180. */
final class ConceptTable {
    private ConceptTable() {
    }

    static String of(List<JsonNode> entries) {
        StringBuilder sb = new StringBuilder(CsvText.row("latent", "status", "confidence", "recall", "precision",
                "activations", "description", "top_items", "reason"));
        for (JsonNode e : entries) {
            List<String> top = new ArrayList<>();
            for (JsonNode t : e.path("top_items")) {
                top.add(t.path("title").asText() + " (" + t.path("times").asInt() + ")");
            }
            sb.append(CsvText.row(e.path("latent").asInt(), e.path("status").asText(), number(e.path("confidence")),
                    number(e.path("recall")), number(e.path("precision")), e.path("activations").asLong(),
                    e.path("description").asText(), String.join("; ", top), e.path("reason").asText("")));
        }
        return sb.toString();
    }

    private static String number(JsonNode n) {
        return n.isNumber() ? n.asText() : "";
    }
}
