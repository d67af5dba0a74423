package org.recsae.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.store.Json;

/** What one task wrote: its folder, vectors and windows, and its shards with their row counts. */
record PartOutput(int partition, String dir, long vectors, long windows, List<String> shards, List<Long> shardRows) {

    String toJson() {
        ObjectNode n = Json.object();
        n.put("partition", partition);
        n.put("dir", dir);
        n.put("vectors", vectors);
        n.put("windows", windows);
        ArrayNode s = n.putArray("shards");
        for (int i = 0; i < shards.size(); i++) {
            s.addObject().put("name", shards.get(i)).put("rows", shardRows.get(i));
        }
        return Json.line(n).strip();
    }

    static PartOutput fromJson(String line) {
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            List<String> names = new ArrayList<>();
            List<Long> rows = new ArrayList<>();
            for (JsonNode s : n.path("shards")) {
                names.add(s.path("name").asText());
                rows.add(s.path("rows").asLong());
            }
            return new PartOutput(n.path("partition").asInt(), n.path("dir").asText(), n.path("vectors").asLong(),
                    n.path("windows").asLong(), names, rows);
        } catch (IOException e) {
            throw new IllegalStateException("a task's summary does not parse: " + line, e);
        }
    }
}
