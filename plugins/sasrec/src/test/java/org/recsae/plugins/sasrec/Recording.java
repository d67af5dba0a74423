package org.recsae.plugins.sasrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** What examples/sasrec/train_export.py recorded from PyTorch for 20 fixed users of one export. */
record Recording(JsonNode json) {
    static Recording read(Path file) throws IOException {
        return new Recording(new ObjectMapper().readTree(file.toFile()));
    }

    String inputName(String role) {
        JsonNode n = json.get("inputs").get(role);
        return n == null || n.isNull() ? null : n.asText();
    }

    String output() {
        return json.get("output").asText();
    }

    int users() {
        return json.get("users").size();
    }

    List<int[]> histories() {
        List<int[]> rows = new ArrayList<>();
        for (JsonNode h : json.get("histories")) {
            int[] row = new int[h.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = h.get(i).asInt();
            }
            rows.add(row);
        }
        return rows;
    }

    long[] paddedHistory() {
        JsonNode rows = json.get("padded_history");
        int length = rows.get(0).size();
        long[] flat = new long[rows.size() * length];
        for (int b = 0; b < rows.size(); b++) {
            for (int j = 0; j < length; j++) {
                flat[b * length + j] = rows.get(b).get(j).asLong();
            }
        }
        return flat;
    }

    int[][] top10() {
        JsonNode rows = json.get("top10");
        int[][] out = new int[rows.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = new int[rows.get(b).size()];
            for (int j = 0; j < out[b].length; j++) {
                out[b][j] = rows.get(b).get(j).asInt();
            }
        }
        return out;
    }

    boolean scoresCandidates() {
        return json.hasNonNull("candidates");
    }

    float[] tensor(String field) {
        byte[] bytes = Base64.getDecoder().decode(json.get(field).get("data").asText());
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    long[] shape(String field) {
        JsonNode s = json.get(field).get("shape");
        long[] out = new long[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asLong();
        }
        return out;
    }
}
