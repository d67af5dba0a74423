package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.cli.Main;
import org.recsae.runtime.pipeline.PipelineConfig;
import org.recsae.runtime.pipeline.PipelineRunner;
import org.recsae.runtime.pipeline.PipelineStage;
import org.recsae.testkit.ExampleFiles;

/** {@code recsae run}: stages run once, are skipped while up to date, and rerun from what changed. */
class PipelineCliTest {
    @TempDir
    Path tmp;

    private Path config(int k) throws IOException {
        Path config = tmp.resolve("pipeline-k" + k + ".json");
        Files.writeString(config, """
                {"version": 1, "run": "%s",
                 "capture": {"model": "%s", "descriptor": "%s", "data": "%s"},
                 "train": {"k": %d, "epochs": 2}, "interpret": {"latents": 20}, "steer_eval": {"top": 2},
                 "report": {}}
                """.formatted(tmp.resolve("run"), ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx"),
                ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json"),
                ExampleFiles.resolve("data/ml-latest-small"), k));
        return config;
    }

    private static Map<PipelineStage, String> run(Path config, Optional<PipelineStage> from) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PipelineRunner.Outcome o = PipelineRunner.run(PipelineConfig.read(config, Optional.empty()), from,
                args -> Main.run(args, out, err), err);
        assertEquals(0, o.exitCode(), () -> log.toString(StandardCharsets.UTF_8));
        return o.stages();
    }

    private static void assertStages(Map<PipelineStage, String> got, String... expected) {
        assertEquals(List.of(expected), List.copyOf(got.values()), got.toString());
    }

    @Test
    void upToDateStagesAreSkippedAndAChangeRerunsWhatFollows() throws IOException {
        Path k16 = config(16);
        assertStages(run(k16, Optional.empty()), "ran", "ran", "ran", "ran", "ran");
        assertTrue(Files.isRegularFile(tmp.resolve("run/report.html")));
        assertStages(run(k16, Optional.empty()), "skipped", "skipped", "skipped", "skipped", "skipped");

        assertStages(run(config(8), Optional.empty()), "skipped", "ran", "ran", "ran", "ran");
        assertStages(run(config(8), Optional.of(PipelineStage.parse("steer-eval"))), "skipped", "skipped", "skipped",
                "ran", "ran");

        // An output changed behind the pipeline's back reruns its stage, which restores it (the stage is
        // deterministic), so the stages reading it stay up to date.
        Path concepts = tmp.resolve("run/concepts/concepts.json");
        String original = Files.readString(concepts);
        Files.writeString(concepts, original.replace("\"scored\"", "\"edited\""));
        assertStages(run(config(8), Optional.empty()), "skipped", "skipped", "ran", "skipped", "skipped");
        assertEquals(original, Files.readString(concepts));
    }

    @Test
    void aBadConfigNamesTheField() throws IOException {
        Path config = tmp.resolve("bad.json");
        Files.writeString(config, "{\"version\": 1, \"run\": \"r\", \"capture\": {\"model\": \"m\", \"data\": \"d\"},"
                + " \"train\": {\"k\": \"sixteen\"}}");
        assertCleanFailure(3, List.of(config.toString(), "'train.k' must be an integer"), "run", "--config",
                config.toString());
        assertCleanFailure(2, List.of("--from", "'traning'"), "run", "--config", config.toString(), "--from",
                "traning");
    }
}
