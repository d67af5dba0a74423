package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/** {@code recsae inspect} as users run it, with every bundled plugin on the class path. */
class InspectCliTest {
    private static final String MODEL = "sasrec/models/sasrec_opset14_folded.onnx";

    @Test
    void jsonOutputIsOneDocumentNamingPluginInputsAndRankedCandidates() throws Exception {
        CliRun run = CliRun.of("inspect", "--model", ExampleFiles.resolve(MODEL).toString(), "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode doc = new ObjectMapper().readTree(run.stdout());
        assertEquals("sasrec", doc.path("plugin").path("name").asText());
        assertEquals("history", doc.path("inputs").get(0).path("role").asText());
        assertEquals("lengths", doc.path("inputs").get(1).path("role").asText());
        JsonNode candidates = doc.path("candidates");
        assertEquals("user_state", candidates.get(0).path("role").asText());
        assertEquals("sequence_states", candidates.get(1).path("role").asText());
        assertEquals("[\"batch\",64]", candidates.get(0).path("shape").toString());
        assertEquals("[\"batch\",50,64]", candidates.get(1).path("shape").toString());
        int blocks = 0;
        for (JsonNode c : candidates) {
            if (c.path("role").asText().equals("block_output")) {
                blocks++;
                assertEquals(3, c.path("shape").size(), "block outputs are [B,L,D]: " + c);
            }
        }
        assertEquals(2, blocks, "one block_output per transformer block: " + candidates);
        assertEquals("right", doc.path("signature").path("padding_side").asText());
        assertEquals(0, doc.path("warnings").size(), doc.path("warnings")::toString);
    }

    @Test
    void textOutputListsTheCandidates() {
        CliRun run = CliRun.of("inspect", "--model", ExampleFiles.resolve(MODEL).toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("plugin    sasrec"), run::toString);
        assertTrue(run.stdout().contains("user_state"), run::toString);
        assertTrue(run.stdout().contains("sequence_states"), run::toString);
    }

    @Test
    void probeOverrideIsReportedAsTheSelectedProbe() throws Exception {
        CliRun first = CliRun.of("inspect", "--model", ExampleFiles.resolve(MODEL).toString(), "--json");
        String sequence = new ObjectMapper().readTree(first.stdout()).path("candidates").get(1).path("tensor").asText();
        CliRun run = CliRun.of("inspect", "--model", ExampleFiles.resolve(MODEL).toString(), "--json",
                "--probe", sequence);
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode probe = new ObjectMapper().readTree(run.stdout()).path("probe");
        assertEquals(sequence, probe.path("tensor").asText());
        assertEquals("sequence_states", probe.path("role").asText());
    }

    @Test
    void unknownCommandAndMissingFlagAreUsageErrors() {
        assertEquals(2, CliRun.of("inspekt").exitCode());
        CliRun run = CliRun.of("inspect");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("model"), run::toString);
    }
}
