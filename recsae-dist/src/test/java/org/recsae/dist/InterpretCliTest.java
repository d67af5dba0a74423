package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.interpret.InterpretConfig;
import org.recsae.runtime.interpret.InterpretStage;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.testkit.CliRun;

/** {@code recsae interpret} with the builtin interpreter on an SAE trained on the bundled model and data. */
class InterpretCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path run;
    static JsonNode concepts;
    static JsonNode summary;

    @TempDir
    Path tmp;

    @BeforeAll
    static void captureTrainInterpret() throws IOException {
        run = shared.resolve("run");
        CliRun c = BundledRuns.capture("sasrec_opset14_folded", run);
        assertEquals(0, c.exitCode(), c::toString);
        CliRun t = CliRun.of("train", "--run", run.toString(), "--k", "16", "--epochs", "3");
        assertEquals(0, t.exitCode(), t::toString);
        CliRun i = CliRun.of("interpret", "--run", run.toString());
        assertEquals(0, i.exitCode(), i::toString);
        concepts = JSON.readTree(run.resolve("concepts/concepts.json").toFile());
        summary = JSON.readTree(run.resolve("concepts/summary.json").toFile());
    }

    @Test
    void everyAliveLatentHasAnEntryWhoseScoresFollowFromItsPredictions() throws IOException {
        JsonNode metrics = JSON.readTree(run.resolve("sae/metrics.json").toFile());
        int alive = metrics.path("d_sae").asInt() - metrics.path("dead_latents").asInt();
        assertEquals(alive, concepts.size());
        assertEquals(alive, summary.path("alive").asInt());
        double[] edges = new double[9];
        for (int e = 0; e < 9; e++) {
            edges[e] = summary.path("level_edges").get(e).asDouble();
        }
        int scored = 0;
        double confidenceSum = 0;
        int high = 0;
        for (JsonNode e : concepts) {
            assertEquals("builtin", e.path("interpreter").asText());
            if (!e.path("status").asText().equals("scored")) {
                assertTrue(e.path("reason").asText().startsWith("insufficient evidence"), e.toString());
                assertTrue(e.path("confidence").isNull());
                continue;
            }
            scored++;
            assertFalse(e.path("description").asText().isBlank(), e.toString());
            assertEquals(5, e.path("explaining").size());
            assertEquals(10, e.path("verification").size());
            Set<Long> explainingUsers = new HashSet<>();
            for (JsonNode s : e.path("explaining")) {
                assertTrue(s.path("level").asInt() >= 5);
                assertEquals(level(edges, s.path("activation").asDouble()), s.path("level").asInt());
                assertTrue(s.path("history").size() >= 1 && s.path("history").size() <= 9);
                explainingUsers.add(s.path("user").asLong());
            }
            assertEquals(5, explainingUsers.size(), "one explaining sequence per user");
            int hit = 0;
            int rejected = 0;
            Set<Long> verifyingUsers = new HashSet<>();
            for (JsonNode s : e.path("verification")) {
                assertTrue(verifyingUsers.add(s.path("user").asLong()), "verifying users repeat: " + e);
                assertFalse(explainingUsers.contains(s.path("user").asLong()), "verification reuses an explaining user");
                boolean positive = s.path("kind").asText().equals("positive");
                assertEquals(positive ? level(edges, s.path("activation").asDouble()) : 0, s.path("level").asInt());
                assertTrue(positive ? s.path("level").asInt() >= 5 : s.path("activation").asDouble() == 0);
                int predicted = s.path("predicted_level").asInt();
                assertTrue(predicted >= 0 && predicted <= 10);
                hit += positive && predicted > 5 ? 1 : 0;
                rejected += !positive && predicted <= 5 ? 1 : 0;
            }
            assertEquals(hit / 5.0, e.path("recall").asDouble(), 1e-12);
            assertEquals(rejected / 5.0, e.path("precision").asDouble(), 1e-12);
            assertEquals((hit + rejected) / 10.0, e.path("confidence").asDouble(), 1e-12);
            confidenceSum += e.path("confidence").asDouble();
            high += e.path("confidence").asDouble() >= 0.9 - 1e-9 ? 1 : 0;
            double peak = Double.POSITIVE_INFINITY;
            for (JsonNode item : e.path("top_items")) {
                double p = item.path("peak_activation").asDouble();
                assertTrue(p <= peak && p > 0 && item.path("times").asInt() >= 1, "top items: strongest activation first");
                peak = p;
            }
        }
        assertTrue(scored > alive / 2, scored + " of " + alive + " scored");
        assertEquals(scored, summary.path("scored").asInt());
        assertEquals(confidenceSum / alive, summary.path("mean_confidence").asDouble(), 1e-9);
        assertEquals((double) high / alive, summary.path("share_at_0_9").asDouble(), 1e-9);
        int histogram = 0;
        for (JsonNode n : summary.path("distributions").path("confidence")) {
            histogram += n.asInt();
        }
        assertEquals(scored, histogram);
    }

    /** The global decile bin of a value, closed on the right. */
    private static int level(double[] edges, double value) {
        int level = 1;
        for (double e : edges) {
            level += value > e ? 1 : 0;
        }
        return level;
    }

    @Test
    void descriptionsPredictTheirOwnLatentAndNotAShuffledOne() {
        double shuffled = summary.path("shuffled_mean_confidence").asDouble();
        double real = summary.path("scored_only").path("mean_confidence").asDouble();
        assertTrue(summary.path("shuffled_pairs").asInt() > 100);
        assertTrue(shuffled <= 0.6, "shuffled-description control " + shuffled + ": the predictor leaks");
        assertTrue(real > shuffled + 0.05, "real " + real + " vs shuffled " + shuffled);
        JsonNode genres = summary.path("genres_recovered");
        assertEquals("genres", genres.path("field").asText());
        for (JsonNode r : genres.path("recovered")) {
            assertTrue(r.path("top_item_share").asDouble() >= 3 * r.path("base_rate").asDouble());
            assertTrue(r.path("blind_confidence").asDouble() >= 0.9);
        }
        for (JsonNode e : concepts) {
            if (e.path("status").asText().equals("scored")) {
                String blind = e.path("controls").path("withheld").path("description").asText();
                for (String genre : List.of("Drama", "Comedy", "Thriller", "Horror")) {
                    assertFalse(blind.contains(genre), "withheld genres leak into " + blind);
                }
            }
        }
    }

    @Test
    void theCsvHoldsOneRowPerLatentWithTheSameText() throws IOException {
        List<List<String>> rows = CsvRecords.parse(Files.readString(run.resolve("concepts/concepts.csv")));
        assertEquals(List.of("latent", "status", "confidence", "recall", "precision", "activations", "description",
                "top_items", "reason"), rows.get(0));
        assertEquals(concepts.size() + 1, rows.size());
        for (int i = 0; i < concepts.size(); i++) {
            JsonNode e = concepts.get(i);
            List<String> r = rows.get(i + 1);
            assertEquals(e.path("latent").asText(), r.get(0));
            assertEquals(e.path("description").asText(), r.get(6));
            assertEquals(e.path("confidence").isNull() ? "" : e.path("confidence").asText(), r.get(2));
        }
    }

    @Test
    void anInterruptedRunResumesWithoutRedoingLatentsAndEndsIdentical() throws IOException {
        Path copy = RunCopies.capturedAndTrained(run, tmp.resolve("run"));
        RunDirectory dir = new RunDirectory(copy);
        InterpretConfig config = InterpretConfig.builder().build();
        int[] finished = {0};
        RuntimeException stop = assertThrows(RuntimeException.class, () -> InterpretStage.run(dir, config,
                System.err, latent -> {
                    if (++finished[0] == 40) {
                        throw new IllegalStateException("interrupted for the test");
                    }
                }));
        assertEquals("interrupted for the test", stop.getMessage());
        assertFalse(Files.exists(copy.resolve("concepts/concepts.json")), "no concepts.json before the run ends");
        // A crash mid-write leaves a torn line; it must be dropped, not trusted.
        Files.writeString(copy.resolve("concepts/cache/concepts.jsonl"), "{\"latent\": 99999, \"desc",
                java.nio.file.StandardOpenOption.APPEND);

        InterpretStage.Result resumed = InterpretStage.run(dir, config, System.err);
        assertEquals(40, resumed.reused());
        assertEquals(concepts.size() - 40, resumed.interpreted());
        assertEquals(Files.readString(run.resolve("concepts/concepts.json")),
                Files.readString(copy.resolve("concepts/concepts.json")));

        InterpretStage.Result again = InterpretStage.run(dir, config, System.err);
        assertEquals(0, again.interpreted());
        assertEquals(concepts.size(), again.reused());
    }

    @Test
    void aSubsetFirstThenAllEndsAsAFreshRunDoes() throws IOException {
        Path copy = RunCopies.capturedAndTrained(run, tmp.resolve("subset"));
        assertEquals(0, CliRun.of("interpret", "--run", copy.toString(), "--latents", "30").exitCode());
        CliRun all = CliRun.of("interpret", "--run", copy.toString());
        assertEquals(0, all.exitCode(), all::toString);
        assertTrue(all.stderr().contains("resuming, 30 of"), all::toString);
        assertEquals(Files.readString(run.resolve("concepts/concepts.json")),
                Files.readString(copy.resolve("concepts/concepts.json")));
    }

    @Test
    void badChoicesAreUsageErrors() {
        assertCleanFailure(2, List.of("--latents", "'5x'", "'5,'"), "interpret", "--run", run.toString(),
                "--latents", "5x");
        assertCleanFailure(2, List.of("no interpreter named 'gpt'", "builtin"), "interpret", "--run", run.toString(),
                "--interpreter", "gpt");
        assertCleanFailure(2, List.of("--levels", "'median'"), "interpret", "--run", run.toString(), "--levels",
                "median");
        assertCleanFailure(2, List.of("latent 100000", "0.."), "interpret", "--run", run.toString(), "--latents",
                "100000,");
        assertCleanFailure(2, List.of("builtin", "no option 'temperature'"), "interpret", "--run", run.toString(),
                "--interpreter-option", "temperature=0");
    }

    @Test
    void aRunWithoutAnSaeSaysWhichStageIsMissing() {
        Path bare = tmp.resolve("bare");
        CliRun c = BundledRuns.capture("sasrec_opset14_folded", bare, "--positions", "last");
        assertEquals(0, c.exitCode(), c::toString);
        assertCleanFailure(3, List.of("no 'train' stage", "recsae train"), "interpret", "--run", bare.toString());
    }
}
