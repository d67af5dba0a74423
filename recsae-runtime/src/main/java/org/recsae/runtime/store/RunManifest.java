package org.recsae.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.recsae.spi.BadInputException;

/**
 * {@code RUN/manifest.json}: for each stage, its inputs (paths and sha256), parameters, outputs (paths and sha256)
 * and the plugin that produced it. It holds no times or host names, so two runs with the same inputs and seed
 * write identical manifests; times go to {@code timings.json}.
 */
public final class RunManifest {
    public static final String FORMAT = "recsae-run/1";

    private final RunDirectory run;
    private final ObjectNode root;

    private RunManifest(RunDirectory run, ObjectNode root) {
        this.run = run;
        this.root = root;
    }

    /** The run's manifest, or a new empty one if the run has none yet. */
    public static RunManifest load(RunDirectory run) {
        if (!Files.exists(run.manifest())) {
            ObjectNode root = Json.object();
            root.put("format", FORMAT);
            root.putObject("stages");
            return new RunManifest(run, root);
        }
        JsonNode node = Json.read(run.manifest(), "run manifest");
        if (!node.isObject() || !FORMAT.equals(node.path("format").asText()) || !node.path("stages").isObject()) {
            throw new BadInputException("run manifest " + run.manifest() + ": expected format \"" + FORMAT
                    + "\" with a 'stages' object, found format " + node.path("format"));
        }
        return new RunManifest(run, (ObjectNode) node);
    }

    /** Like {@link #load} but the run must already hold {@code stage}. */
    public static RunManifest require(RunDirectory run, String stage, String neededBy) {
        if (!Files.exists(run.manifest())) {
            throw new BadInputException("run directory " + run.root() + " has no " + RunDirectory.MANIFEST
                    + "; run 'recsae " + stage + "' first, " + neededBy + " needs its output");
        }
        RunManifest m = load(run);
        if (m.stage(stage).isEmpty()) {
            throw new BadInputException("run " + run.root() + " has no '" + stage + "' stage; run 'recsae " + stage
                    + "' first, " + neededBy + " needs its output");
        }
        return m;
    }

    /** A manifest entry for a file inside the run: its path relative to the run root, and its sha256. */
    public static ObjectNode runFile(RunDirectory run, Path file) {
        return Json.object().put("path", run.relative(file)).put("sha256", Hashing.sha256(file));
    }

    /** A manifest entry for a file outside the run (a user input or an exported model): absolute path, sha256. */
    public static ObjectNode externalFile(Path file, String sha256) {
        return Json.object().put("path", file.toAbsolutePath().normalize().toString()).put("sha256", sha256);
    }

    public Optional<ObjectNode> stage(String name) {
        JsonNode n = root.path("stages").get(name);
        return n instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }

    /** Records a stage and writes the manifest atomically. */
    public void putStage(String name, ObjectNode stage) {
        ((ObjectNode) root.get("stages")).set(name, stage);
        AtomicFiles.writeString(run.manifest(), Json.write(root));
    }

    /** Adds one stage's seconds to {@code timings.json}. */
    public static void recordTiming(RunDirectory run, String stage, double seconds) {
        ObjectNode timings = Files.exists(run.timings()) && Json.read(run.timings(), "timings").isObject()
                ? (ObjectNode) Json.read(run.timings(), "timings") : Json.object();
        timings.put(stage + "_seconds", Math.round(seconds * 1000) / 1000.0);
        AtomicFiles.writeString(run.timings(), Json.write(timings));
    }
}
