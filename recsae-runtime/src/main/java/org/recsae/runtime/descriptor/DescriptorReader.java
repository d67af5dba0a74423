package org.recsae.runtime.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.recsae.runtime.store.Json;
import org.recsae.spi.BadInputException;
import org.recsae.spi.InputRole;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.PaddingSide;

/**
 * Reads a model descriptor JSON file. Unknown fields are errors (a typo must not be silently ignored), and every
 * error names the file and the field. Relative paths inside resolve against the descriptor's directory.
 *
 * <pre>
 * {"version": 1, "plugin": "sasrec", "inputs": {"history": "history", "lengths": "lengths"},
 *  "output": "scores", "padding_id": 0, "padding_side": "right", "max_length": 50,
 *  "item_id_map": "item_ids.csv", "files": {"vocabulary": "vocab.txt"}}
 * </pre>
 */
public final class DescriptorReader {
    private static final Set<String> FIELDS = Set.of(
            "version", "plugin", "inputs", "output", "padding_id", "padding_side", "max_length", "item_id_map", "files");

    private DescriptorReader() {
    }

    public static ModelDescriptor read(Path file) {
        JsonNode root = Json.read(file, "model descriptor");
        String where = "model descriptor " + file;
        if (!root.isObject()) {
            throw new BadInputException(where + ": expected a JSON object, found " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new BadInputException(where + ": unknown field '" + f + "'; known fields: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)));
            }
        }
        ModelDescriptor.Builder b = ModelDescriptor.builder().optSource(file);
        if (!root.has("version")) {
            throw new BadInputException(where + ": field 'version' is required (expected " + ModelDescriptor.CURRENT_VERSION + ")");
        }
        b.optVersion(intField(root, "version", where));
        if (root.has("plugin")) {
            b.optPlugin(textField(root, "plugin", where));
        }
        if (root.has("inputs")) {
            JsonNode inputs = root.get("inputs");
            if (!inputs.isObject()) {
                throw new BadInputException(where + ": field 'inputs' must be an object of role -> input name, found " + inputs);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                InputRole role = role(e.getKey(), where);
                if (!e.getValue().isTextual()) {
                    throw new BadInputException(where + ": field 'inputs." + e.getKey() + "' must be a string, found " + e.getValue());
                }
                b.optInput(role, e.getValue().asText());
            }
        }
        if (root.has("output")) {
            b.optOutput(textField(root, "output", where));
        }
        if (root.has("padding_id")) {
            b.optPaddingId(intField(root, "padding_id", where));
        }
        if (root.has("padding_side")) {
            String side = textField(root, "padding_side", where);
            try {
                b.optPaddingSide(PaddingSide.valueOf(side.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(where + ": field 'padding_side' must be \"left\" or \"right\", found \"" + side + "\"");
            }
        }
        if (root.has("max_length")) {
            b.optMaxLength(intField(root, "max_length", where));
        }
        if (root.has("item_id_map")) {
            Path map = file.toAbsolutePath().getParent().resolve(textField(root, "item_id_map", where)).normalize();
            if (!Files.isRegularFile(map)) {
                throw new BadInputException(where + ": field 'item_id_map' names " + map + ", which does not exist");
            }
            b.optItemIdMap(map);
        }
        if (root.has("files")) {
            JsonNode files = root.get("files");
            if (!files.isObject()) {
                throw new BadInputException(where + ": field 'files' must be an object of name -> file beside the "
                        + "descriptor, found " + files);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new BadInputException(where + ": field 'files." + e.getKey() + "' must be a file name, found "
                            + e.getValue());
                }
                Path path = file.toAbsolutePath().getParent().resolve(e.getValue().asText()).normalize();
                if (!Files.isRegularFile(path)) {
                    throw new BadInputException(where + ": field 'files." + e.getKey() + "' names " + path
                            + ", which does not exist");
                }
                try {
                    b.optFile(e.getKey(), path);
                } catch (org.recsae.spi.UsageException bad) {
                    throw new BadInputException(where + ": field 'files." + e.getKey() + "': " + bad.getMessage());
                }
            }
        }
        return b.build();
    }

    private static InputRole role(String name, String where) {
        for (InputRole r : InputRole.values()) {
            if (r.jsonName().equals(name)) {
                return r;
            }
        }
        throw new BadInputException(where + ": unknown input role 'inputs." + name + "'; known roles: history, lengths, candidates");
    }

    private static int intField(JsonNode root, String field, String where) {
        JsonNode v = root.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadInputException(where + ": field '" + field + "' must be an integer, found " + v);
        }
        return v.intValue();
    }

    private static String textField(JsonNode root, String field, String where) {
        JsonNode v = root.get(field);
        if (!v.isTextual()) {
            throw new BadInputException(where + ": field '" + field + "' must be a string, found " + v);
        }
        return v.asText();
    }
}
