package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/** The generic dot plugin on the bundled two-tower model, driven by the descriptor alone. */
class DotPluginCliTest {
    @TempDir
    Path tmp;

    private static String model() {
        return ExampleFiles.resolve("dot/models/two_tower.onnx").toString();
    }

    private static String descriptor() {
        return ExampleFiles.resolve("dot/models/two_tower.descriptor.json").toString();
    }

    @Test
    void checkBeatsPopularity() throws Exception {
        CliRun r = CliRun.of("check", "--model", model(), "--descriptor", descriptor(),
                "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.stdout());
        assertEquals("dot", doc.path("plugin").asText());
        assertTrue(doc.path("model").path("hr@10").asDouble() > 2 * doc.path("popularity").path("hr@10").asDouble(),
                doc::toString);
    }

    @Test
    void capturedUserStatesEqualTheRecording() throws Exception {
        Path run = tmp.resolve("run");
        CliRun r = CliRun.of("capture", "--model", model(), "--descriptor", descriptor(),
                "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", run.toString(),
                "--positions", "last");
        assertEquals(0, r.exitCode(), r::toString);
        RecordingFile rec = RecordingFile.read(ExampleFiles.resolve("dot/models/two_tower.recording.json"));
        Activations act = Activations.read(run);
        float[] expected = rec.tensor("user_state");
        int d = act.width();
        assertEquals(32, d);
        for (int u = 0; u < rec.users(); u++) {
            int row = act.firstRowOf(rec.user(u));
            for (int j = 0; j < d; j++) {
                assertEquals(expected[u * d + j], act.values()[row * d + j], CaptureCliTest.TOLERANCE,
                        "user " + rec.user(u) + " dim " + j);
            }
        }
    }

    @Test
    void aModelWithOnlyAUserStateIsInterpretedAndExplainedToo() throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, CliRun.of("capture", "--model", model(), "--descriptor", descriptor(), "--data",
                ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", run.toString(), "--positions", "last")
                .exitCode());
        assertEquals(0, CliRun.of("train", "--run", run.toString(), "--k", "8", "--epochs", "5").exitCode());
        CliRun i = CliRun.of("interpret", "--run", run.toString());
        assertEquals(0, i.exitCode(), i::toString);
        JsonNode concepts = new ObjectMapper().readTree(run.resolve("concepts/concepts.json").toFile());
        assertTrue(concepts.size() > 0);
        CliRun e = CliRun.of("explain", "--run", run.toString(), "--user", "1", "--json");
        assertEquals(0, e.exitCode(), e::toString);
        JsonNode doc = new ObjectMapper().readTree(e.stdout());
        assertTrue(doc.path("affine").asBoolean(), "a dot product is affine in the user state");
        for (JsonNode it : doc.path("items")) {
            double sum = it.path("base").asDouble() + it.path("residual").asDouble() + it.path("interaction").asDouble();
            for (JsonNode c : it.path("contributions")) {
                sum += c.path("contribution").asDouble();
            }
            assertEquals(it.path("score").asDouble(), sum, 1e-4);
        }
    }

    @Test
    void withoutBeingChosenItExplainsHowToChooseIt() {
        CliRun r = CliRun.of("inspect", "--model", model());
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("dot: generic plugin, used only when chosen with --plugin dot"), r::toString);
    }
}
