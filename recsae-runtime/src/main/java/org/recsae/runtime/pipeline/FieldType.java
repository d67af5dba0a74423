package org.recsae.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsae.spi.BadInputException;

/** The JSON type a pipeline config field takes, and how it becomes command-line arguments. */
enum FieldType {
    STRING("a string"),
    INTEGER("an integer"),
    NUMBER("a number"),
    /** A string or an integer, e.g. interpret's latents: "all", 20 or "5,". */
    STRING_OR_INTEGER("a string or an integer"),
    BOOLEAN("true or false"),
    /** Strings or numbers, one flag each (e.g. steer's set: ["0=5", "3=0"]). */
    LIST("a list of strings or numbers"),
    /** An object of strings or numbers, passed as KEY=VALUE flags (e.g. interpreter_options). */
    MAP("an object of strings or numbers"),
    /** A file the pipeline reads, relative to the config's folder. */
    INPUT_PATH("a path (relative to the config file)"),
    /** A file the pipeline writes, relative to the run directory. */
    OUTPUT_PATH("a path (relative to the run directory)");

    private final String expected;

    FieldType(String expected) {
        this.expected = expected;
    }

    /** The arguments for {@code --flag}, after checking the value's type. */
    List<String> arguments(String field, String flag, JsonNode value, Path configDir, Path runDir, Path configFile) {
        List<String> out = new ArrayList<>();
        switch (this) {
            case STRING -> check(value.isTextual(), field, value, configFile);
            case INTEGER -> check(value.isIntegralNumber(), field, value, configFile);
            case NUMBER -> check(value.isNumber(), field, value, configFile);
            case STRING_OR_INTEGER -> check(value.isTextual() || value.isIntegralNumber(), field, value, configFile);
            case INPUT_PATH, OUTPUT_PATH -> check(value.isTextual() && !value.asText().isBlank(), field, value,
                    configFile);
            case BOOLEAN -> check(value.isBoolean(), field, value, configFile);
            case LIST -> {
                check(value.isArray() || value.isTextual() || value.isNumber(), field, value, configFile);
                for (JsonNode v : value.isArray() ? value : List.of(value)) {
                    check(v.isTextual() || v.isNumber(), field, value, configFile);
                    out.add("--" + flag);
                    out.add(v.asText());
                }
                return out;
            }
            case MAP -> {
                check(value.isObject(), field, value, configFile);
                for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) value::fields) {
                    check(e.getValue().isTextual() || e.getValue().isNumber(), field + "." + e.getKey(), e.getValue(),
                            configFile);
                    out.add("--" + flag);
                    out.add(e.getKey() + "=" + e.getValue().asText());
                }
                return out;
            }
        }
        if (this == BOOLEAN) {
            if (value.asBoolean()) {
                out.add("--" + flag);
            }
            return out;
        }
        String text = value.asText();
        if (this == INPUT_PATH) {
            text = configDir.resolve(text).normalize().toString();
        } else if (this == OUTPUT_PATH) {
            text = runDir.resolve(text).normalize().toString();
        }
        out.add("--" + flag);
        out.add(text);
        return out;
    }

    private void check(boolean ok, String field, JsonNode value, Path configFile) {
        if (!ok) {
            throw new BadInputException(configFile + ": field '" + field + "' must be " + expected + ", found "
                    + describe(value));
        }
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the string \"" + v.asText() + "\"";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + v;
    }
}
