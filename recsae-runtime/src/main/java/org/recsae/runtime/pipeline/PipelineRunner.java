package org.recsae.runtime.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;

/**
 * Runs a pipeline's stages in order, each through its own command, skipping a stage whose recorded result still
 * stands ({@link StageFreshness}). A stage's key covers its own arguments and the key of the stage before it, so a
 * changed setting reruns that stage and everything after it, and nothing before.
 */
public final class PipelineRunner {
    /** Runs one recsae command line in-process; returns its exit code. */
    public interface CommandRunner extends Function<String[], Integer> {
    }

    /** What happened to each stage: "ran" or "skipped". */
    public record Outcome(int exitCode, Map<PipelineStage, String> stages, double seconds) {
    }

    private PipelineRunner() {
    }

    public static Outcome run(PipelineConfig config, Optional<PipelineStage> from, CommandRunner commands,
                              PrintStream err) {
        long start = System.nanoTime();
        RunDirectory run = new RunDirectory(config.run());
        Map<PipelineStage, String> outcomes = new java.util.LinkedHashMap<>();
        // A new recsae version may compute any stage differently, so it reruns the pipeline.
        String previous = "recsae-pipeline/1 " + org.recsae.runtime.Version.get();
        for (Map.Entry<PipelineStage, List<String>> e : config.arguments().entrySet()) {
            PipelineStage stage = e.getKey();
            String key = Hashing.sha256((previous + "\n" + stage.command() + "\0" + String.join("\0", e.getValue()))
                    .getBytes(StandardCharsets.UTF_8));
            previous = key;
            boolean forced = from.isPresent() && stage.ordinal() >= from.get().ordinal();
            Optional<String> reason = forced ? Optional.of("--from " + from.get().command())
                    : StageFreshness.check(run, manifestStage(run, stage), key);
            if (reason.isEmpty()) {
                err.printf("pipeline: %s is up to date, skipped%n", stage.command());
                outcomes.put(stage, "skipped");
                continue;
            }
            err.printf("pipeline: %s (%s)%n", stage.command(), reason.get());
            List<String> line = new ArrayList<>();
            line.add(stage.command());
            line.addAll(e.getValue());
            int code = commands.apply(line.toArray(new String[0]));
            if (code != 0) {
                err.printf("pipeline: stopped at %s (exit %d); fix the cause and rerun: finished stages are kept%n",
                        stage.command(), code);
                outcomes.put(stage, "failed");
                return new Outcome(code, outcomes, seconds(start));
            }
            recordKey(run, stage, key);
            outcomes.put(stage, "ran");
        }
        double seconds = seconds(start);
        err.printf(Locale.ROOT, "pipeline: done in %.1f s -> %s%n", seconds, run.root());
        return new Outcome(0, outcomes, seconds);
    }

    private static Optional<ObjectNode> manifestStage(RunDirectory run, PipelineStage stage) {
        return java.nio.file.Files.exists(run.manifest()) ? RunManifest.load(run).stage(stage.command())
                : Optional.empty();
    }

    private static void recordKey(RunDirectory run, PipelineStage stage, String key) {
        RunManifest manifest = RunManifest.load(run);
        ObjectNode entry = manifest.stage(stage.command()).orElseThrow(() -> new org.recsae.spi.RuntimeFailureException(
                "stage " + stage.command() + " finished but recorded nothing in " + run.manifest()));
        entry.put(StageFreshness.KEY, key);
        manifest.putStage(stage.command(), entry);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
