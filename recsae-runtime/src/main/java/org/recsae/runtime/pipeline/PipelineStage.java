package org.recsae.runtime.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.recsae.spi.UsageException;

/**
 * The pipeline's stages in the order data flows, each with its config section, the command it runs, the manifest
 * stage that records it, and the fields its section takes (each one a flag of that command).
 */
public enum PipelineStage {
    CAPTURE("capture", "capture", true, fields(
            "model", FieldType.INPUT_PATH, "descriptor", FieldType.INPUT_PATH, "data", FieldType.INPUT_PATH,
            "plugin", FieldType.STRING, "probe", FieldType.STRING, "positions", FieldType.STRING,
            "batch", FieldType.INTEGER, "format", FieldType.STRING, "user_col", FieldType.STRING,
            "item_col", FieldType.STRING, "time_col", FieldType.STRING, "separator", FieldType.STRING,
            "device", FieldType.STRING)),
    TRAIN("train", "train", true, fields(
            "k", FieldType.INTEGER, "scale", FieldType.INTEGER, "batch", FieldType.INTEGER,
            "epochs", FieldType.INTEGER, "max_epochs", FieldType.INTEGER, "patience", FieldType.INTEGER,
            "lr", FieldType.NUMBER, "seed", FieldType.INTEGER, "device", FieldType.STRING,
            "aux_alpha", FieldType.NUMBER, "aux_k", FieldType.INTEGER, "dead_window", FieldType.INTEGER,
            "checkpoint_every", FieldType.INTEGER, "stop_after_steps", FieldType.INTEGER,
            "dev_ndcg", FieldType.BOOLEAN)),
    EVALUATE("evaluate", "evaluate", false, fields("bootstrap", FieldType.INTEGER)),
    INTERPRET("interpret", "interpret", false, fields(
            "interpreter", FieldType.STRING, "latents", FieldType.STRING_OR_INTEGER, "levels", FieldType.STRING,
            "seed", FieldType.INTEGER, "history", FieldType.INTEGER, "withhold", FieldType.STRING,
            "interpreter_option", FieldType.MAP, "llm_url", FieldType.STRING, "llm_model", FieldType.STRING,
            "llm_key_file", FieldType.INPUT_PATH, "llm_cache", FieldType.STRING, "llm_concurrency", FieldType.INTEGER,
            "llm_timeout", FieldType.INTEGER, "llm_prompts", FieldType.INPUT_PATH)),
    STEER("steer", "steer", false, fields(
            "set", FieldType.LIST, "always", FieldType.LIST, "mode", FieldType.STRING,
            "runtime_scale", FieldType.BOOLEAN, "out", FieldType.OUTPUT_PATH)),
    STEER_EVAL("steer_eval", "steer-eval", false, fields("latent", FieldType.LIST, "top", FieldType.INTEGER)),
    EXPLAIN("explain", "explain", false, fields("user", FieldType.LIST, "item", FieldType.LIST, "top",
            FieldType.INTEGER, "history", FieldType.STRING)),
    REPORT("report", "report", false, fields("out", FieldType.OUTPUT_PATH));

    /** Fields every run needs. */
    static final Map<PipelineStage, Set<String>> REQUIRED = Map.of(CAPTURE, Set.of("model", "data"), STEER,
            Set.of("out"), EXPLAIN, Set.of("user"));

    private final String section;
    private final String command;
    private final boolean always;
    private final Map<String, FieldType> fields;

    PipelineStage(String section, String command, boolean always, Map<String, FieldType> fields) {
        this.section = section;
        this.command = command;
        this.always = always;
        this.fields = fields;
    }

    private static Map<String, FieldType> fields(Object... pairs) {
        Map<String, FieldType> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (FieldType) pairs[i + 1]);
        }
        return m;
    }

    String section() {
        return section;
    }

    /** The recsae command, which is also the stage's name in the manifest. */
    public String command() {
        return command;
    }

    /** Whether the stage runs even when the config has no section for it. */
    boolean always() {
        return always;
    }

    Map<String, FieldType> fields() {
        return fields;
    }

    /** A field's command-line flag: {@code max_epochs} is {@code --max-epochs}. */
    static String flag(String field) {
        return field.replace('_', '-');
    }

    public static PipelineStage parse(String name) {
        for (PipelineStage s : values()) {
            if (s.section.equals(name) || s.command.equals(name)) {
                return s;
            }
        }
        throw new UsageException("--from must be one of " + List.of(values()).stream().map(PipelineStage::command)
                .toList() + ", found '" + name + "'");
    }

    @Override
    public String toString() {
        return command.toLowerCase(Locale.ROOT);
    }
}
