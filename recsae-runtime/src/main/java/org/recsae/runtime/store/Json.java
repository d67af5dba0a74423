package org.recsae.runtime.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recsae.spi.BadInputException;

/** The one JSON configuration recsae reads and writes with: indented, keys in insertion order. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** One line of JSON, for line-oriented files (JSON Lines). */
    public static String line(JsonNode node) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** Reads a JSON file; a missing or malformed file is bad input naming the file and the position. */
    public static JsonNode read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(what + " " + file + " does not exist");
        }
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new BadInputException(what + " " + file + " is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(what + " " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() : ""), e);
        } catch (IOException e) {
            throw new BadInputException(what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
