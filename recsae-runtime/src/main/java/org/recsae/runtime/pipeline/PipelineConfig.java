package org.recsae.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.recsae.runtime.store.Json;
import org.recsae.spi.BadInputException;

/**
 * A validated {@code pipeline.json}: the run directory and, for each stage to run, the command-line arguments its
 * section stands for. Every field is a flag of that stage's command, spelt with underscores; input paths resolve
 * against the config's folder, output paths against the run directory. Unknown fields and wrong types are errors
 * that name the field.
 *
 * <pre>{"version": 1, "run": "runs/example",
 *  "capture": {"model": "m.onnx", "data": "ml-latest-small"}, "train": {"k": 16}, "interpret": {}, "report": {}}</pre>
 */
public final class PipelineConfig {
    private static final List<String> TOP_LEVEL = List.of("version", "run", "description");

    private final Path file;
    private final Path run;
    private final Map<PipelineStage, List<String>> arguments;

    private PipelineConfig(Path file, Path run, Map<PipelineStage, List<String>> arguments) {
        this.file = file;
        this.run = run;
        this.arguments = arguments;
    }

    /** @param runOverride a run directory given on the command line, which wins over the config's {@code run} */
    public static PipelineConfig read(Path file, Optional<Path> runOverride) {
        JsonNode root = Json.read(file, "pipeline config");
        if (!root.isObject()) {
            throw new BadInputException(file + ": expected a JSON object, found " + FieldType.describe(root));
        }
        List<String> known = new ArrayList<>(TOP_LEVEL);
        for (PipelineStage s : PipelineStage.values()) {
            known.add(s.section());
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new BadInputException(file + ": unknown field '" + name + "'; the fields are " + known);
            }
        }
        JsonNode version = root.path("version");
        if (!version.isInt() || version.asInt() != 1) {
            throw new BadInputException(file + ": field 'version' must be 1, found "
                    + (version.isMissingNode() ? "nothing" : FieldType.describe(version)));
        }
        Path run;
        if (runOverride.isPresent()) {
            run = runOverride.get();
        } else {
            JsonNode r = root.path("run");
            if (!r.isTextual() || r.asText().isBlank()) {
                throw new BadInputException(file + ": field 'run' (the run directory) must be a path, found "
                        + (r.isMissingNode() ? "nothing" : FieldType.describe(r)) + "; or give --run");
            }
            run = Path.of(r.asText());
        }
        run = run.toAbsolutePath().normalize();
        Path configDir = file.toAbsolutePath().normalize().getParent();
        Map<PipelineStage, List<String>> arguments = new LinkedHashMap<>();
        for (PipelineStage stage : PipelineStage.values()) {
            JsonNode section = root.path(stage.section());
            if (section.isMissingNode() && !stage.always()) {
                continue;
            }
            if (!section.isMissingNode() && !section.isObject()) {
                throw new BadInputException(file + ": field '" + stage.section() + "' must be an object, found "
                        + FieldType.describe(section));
            }
            List<String> args = new ArrayList<>(List.of("--run", run.toString()));
            for (var it = section.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                FieldType type = stage.fields().get(name);
                if (type == null) {
                    throw new BadInputException(file + ": unknown field '" + stage.section() + "." + name + "'; "
                            + stage.section() + " takes " + new TreeSet<>(stage.fields().keySet()));
                }
                JsonNode value = section.get(name);
                if (value.isNull()) {
                    continue;
                }
                args.addAll(type.arguments(stage.section() + "." + name, PipelineStage.flag(name), value, configDir,
                        run, file));
            }
            for (String required : PipelineStage.REQUIRED.getOrDefault(stage, java.util.Set.of())) {
                if (!section.hasNonNull(required)) {
                    throw new BadInputException(file + ": field '" + stage.section() + "." + required
                            + "' is required");
                }
            }
            arguments.put(stage, List.copyOf(args));
        }
        return new PipelineConfig(file, run, arguments);
    }

    public Path file() {
        return file;
    }

    public Path run() {
        return run;
    }

    /** The stages the config runs, in order, with their command-line arguments. */
    public Map<PipelineStage, List<String>> arguments() {
        return java.util.Collections.unmodifiableMap(arguments);
    }
}
