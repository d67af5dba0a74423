package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/** {@code recsae capture} on the bundled data, checked against the PyTorch recordings of each export. */
class CaptureCliTest {
    static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    private CliRun capture(String export, Path run, String positions) {
        return BundledRuns.capture(export, run, "--positions", positions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasrec_opset14_folded", "sasrec_opset17_left", "sasrec_rechorus"})
    void lastStatesEqualTheRecordedUserStates(String export) throws Exception {
        Path run = tmp.resolve("last");
        CliRun r = capture(export, run, "last");
        assertEquals(0, r.exitCode(), r::toString);
        RecordingFile rec = RecordingFile.read(ExampleFiles.resolve("sasrec/models/" + export + ".recording.json"));
        Activations act = Activations.read(run);
        assertEquals(610, act.rows().size(), "one vector per ml-latest-small user");
        float[] expected = rec.tensor("user_state");
        int d = act.width();
        for (int u = 0; u < rec.users(); u++) {
            int row = act.firstRowOf(rec.user(u));
            for (int j = 0; j < d; j++) {
                float got = act.values()[row * d + j];
                float want = expected[u * d + j];
                assertTrue(Math.abs(got - want) <= TOLERANCE, export + " user " + rec.user(u) + " dim " + j + ": captured "
                        + got + ", PyTorch " + want);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasrec_opset14_folded", "sasrec_opset17_left", "sasrec_rechorus"})
    void allPositionsMatchTheRecordedSequenceStates(String export) throws Exception {
        Path run = tmp.resolve("all");
        CliRun r = capture(export, run, "all");
        assertEquals(0, r.exitCode(), r::toString);
        RecordingFile rec = RecordingFile.read(ExampleFiles.resolve("sasrec/models/" + export + ".recording.json"));
        Activations act = Activations.read(run);
        assertEquals(100_226, act.rows().size(), "every position of every window before the test item");
        float[] seq = rec.tensor("sequence_states");
        int d = act.width();
        int maxLength = 50;
        for (int u = 0; u < rec.users(); u++) {
            int n = rec.length(u);
            // The recorded history is the user's last window; its rows are the user's last n captured rows.
            int last = act.firstRowOf(rec.user(u));
            while (last + 1 < act.rows().size() && Long.parseLong(act.rows().get(last + 1)[0]) == rec.user(u)) {
                last++;
            }
            for (int p = 0; p < n; p++) {
                int row = last - (n - 1) + p;
                int column = rec.paddingSide().equals("right") ? p : maxLength - n + p;
                for (int j = 0; j < d; j++) {
                    float got = act.values()[row * d + j];
                    float want = seq[(u * maxLength + column) * d + j];
                    assertTrue(Math.abs(got - want) <= TOLERANCE, export + " user " + rec.user(u) + " position " + p
                            + " dim " + j + ": captured " + got + ", PyTorch " + want);
                }
            }
        }
        JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
        JsonNode stage = manifest.path("stages").path("capture");
        assertEquals("sasrec", stage.path("plugin").path("name").asText());
        assertEquals(100_226, stage.path("outputs").path("vectors").asInt());
        assertEquals(2_299, stage.path("outputs").path("windows").asInt());
        assertEquals(64, stage.path("inputs").path("model").path("sha256").asText().length());
        assertTrue(stage.path("inputs").path("catalogue").path("fingerprint").isTextual());
        assertTrue(Files.exists(run.resolve("timings.json")));
    }
}
