package org.recsae.runtime.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.recsae.runtime.store.Json;

/** {@link LogOptions} in a manifest, so later stages read the log exactly as capture did. */
public final class LogOptionsJson {
    private LogOptionsJson() {
    }

    public static ObjectNode toJson(LogOptions o) {
        ObjectNode n = Json.object();
        if (o.format().isPresent()) {
            n.put("format", o.format().get().name().toLowerCase(Locale.ROOT));
        } else {
            n.putNull("format");
        }
        n.put("user_column", o.userColumn());
        n.put("item_column", o.itemColumn());
        n.put("time_column", o.timeColumn());
        n.put("separator", String.valueOf(o.separator()));
        return n;
    }

    public static LogOptions fromJson(JsonNode n) {
        LogOptions.Builder b = LogOptions.builder();
        if (n == null || n.isMissingNode()) {
            return b.build();
        }
        if (n.path("format").isTextual()) {
            b.optFormat(LogFormat.valueOf(n.get("format").asText().toUpperCase(Locale.ROOT)));
        }
        b.optColumns(n.path("user_column").asText("user_id"), n.path("item_column").asText("item_id"),
                n.path("time_column").asText("time"));
        String sep = n.path("separator").asText(",");
        b.optSeparator(sep.equals("\t") ? "tab" : sep);
        return b.build();
    }
}
