package org.recsae.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;

/** The PyTorch recording next to a bundled export (see examples/sasrec/train_export.py). */
record RecordingFile(JsonNode json) {
    static RecordingFile read(Path file) throws IOException {
        return new RecordingFile(new ObjectMapper().readTree(file.toFile()));
    }

    float[] tensor(String field) {
        byte[] bytes = Base64.getDecoder().decode(json.get(field).get("data").asText());
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    long user(int row) {
        return json.get("users").get(row).asLong();
    }

    int users() {
        return json.get("users").size();
    }

    int length(int row) {
        return json.get("lengths").get(row).asInt();
    }

    String paddingSide() {
        return json.get("padding_side").asText();
    }
}
