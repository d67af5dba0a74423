package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.eval.TopItems;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.EncodedBatch;
import org.recsae.testkit.CliRun;

/** {@code recsae explain} on the bundled SASRec: decompositions add up, match the model and agree with steering. */
class ExplainCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 20;

    @TempDir
    static Path shared;
    static Path run;
    static CapturedRun captured;

    @TempDir
    Path tmp;

    @BeforeAll
    static void captureTrainInterpret() {
        run = shared.resolve("run");
        assertEquals(0, BundledRuns.capture("sasrec_opset14_folded", run).exitCode());
        assertEquals(0, CliRun.of("train", "--run", run.toString(), "--k", "16", "--epochs", "2").exitCode());
        assertEquals(0, CliRun.of("interpret", "--run", run.toString(), "--latents", "40").exitCode());
        captured = CapturedRun.open(new RunDirectory(run), "test");
    }

    private static JsonNode explain(long user, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("explain", "--run", run.toString(), "--user", Long.toString(user),
                "--json"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r::toString);
        return JSON.readTree(r.stdout());
    }

    /** The full model's scores for one history, with no recsae splitting involved. */
    private static float[] modelScores(byte[] model, IndexedUser u) {
        var signature = captured.model().signature();
        EncodedBatch batch = captured.model().plugin().encode(signature,
                List.of(u.historyBefore(u.beforeTest(), signature.maxLength())), null);
        try (OrtModel m = OrtModel.load(model, "test model", 1)) {
            return m.run(batch, Set.of(signature.scoreOutput())).get(signature.scoreOutput()).floats();
        }
    }

    @Test
    void decompositionsAddUpMatchTheModelAndAgreeWithSteering() throws IOException {
        byte[] model = captured.model().model().bytes();
        List<IndexedUser> users = captured.log().evaluable().subList(0, USERS);
        Map<Integer, byte[]> steered = new HashMap<>();
        for (IndexedUser u : users) {
            JsonNode doc = explain(u.user());
            float[] scores = modelScores(model, u);
            int[] history = java.util.Arrays.copyOf(u.items(), u.beforeTest() + 1);
            history[u.beforeTest()] = 0; // the padding index is never an item to recommend
            int[] top = TopItems.excludingHistory(scores, history, history.length, 10);
            List<Long> expected = new ArrayList<>();
            for (int t : top) {
                expected.add(captured.log().ids().raw(t));
            }
            List<Long> explained = new ArrayList<>();
            doc.path("items").forEach(i -> explained.add(i.path("item").asLong()));
            assertEquals(expected, explained, "user " + u.user() + ": the explained top-10 is the model's");
            int rank = 1;
            for (JsonNode it : doc.path("items")) {
                assertEquals(rank++, it.path("rank").asInt());
                double sum = it.path("base").asDouble() + it.path("residual").asDouble()
                        + it.path("interaction").asDouble();
                for (JsonNode c : it.path("contributions")) {
                    sum += c.path("contribution").asDouble();
                }
                assertEquals(it.path("score").asDouble(), sum, 1e-4);
                assertTrue(Math.abs(it.path("interaction").asDouble()) < 1e-4, it.toString());
                int index = captured.log().ids().index(it.path("item").asLong(), scores.length, 0, "test");
                assertEquals(scores[index], it.path("score").asDouble(), 1e-4, "the tail's score is the model's");
            }
            assertTrue(doc.path("affine").asBoolean());

            // Steering the top contributor to 0 moves the top item's score by exactly its contribution.
            JsonNode first = doc.path("items").get(0);
            JsonNode c = first.path("contributions").get(0);
            int latent = c.path("latent").asInt();
            byte[] off = steered.computeIfAbsent(latent, l -> {
                Path out = tmp.resolve("off-" + l + ".onnx");
                CliRun s = CliRun.of("steer", "--run", run.toString(), "--set", l + "=0", "--out", out.toString());
                assertEquals(0, s.exitCode(), s::toString);
                try {
                    return Files.readAllBytes(out);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int index = captured.log().ids().index(first.path("item").asLong(), scores.length, 0, "test");
            double moved = scores[index] - modelScores(off, u)[index];
            assertEquals(c.path("contribution").asDouble(), moved, 1e-4, "user " + u.user() + ", latent " + latent);
        }
    }

    @Test
    void namedItemsGetTheirRankAndConceptsTheirDescriptions() throws IOException {
        IndexedUser u = captured.log().evaluable().get(0);
        JsonNode top = explain(u.user(), "--top", "30");
        JsonNode far = top.path("items").get(29);
        JsonNode doc = explain(u.user(), "--item", far.path("item").asText());
        assertEquals(30, doc.path("items").get(0).path("rank").asInt());
        assertEquals(far.path("score").asDouble(), doc.path("items").get(0).path("score").asDouble(), 1e-6);
        boolean described = false;
        for (JsonNode a : doc.path("active_latents")) {
            assertTrue(a.path("level").asInt() >= 1 && a.path("level").asInt() <= 10);
            described |= a.path("description").isTextual();
        }
        assertTrue(described, "active latents carry their dictionary descriptions");
        assertTrue(Files.isRegularFile(run.resolve("explain/user-" + u.user() + ".json")));
    }

    @Test
    void badInput() {
        assertCleanFailure(3, List.of("user 99999999", "not in the interaction log"), "explain", "--run",
                run.toString(), "--user", "99999999");
        long user = captured.log().evaluable().get(0).user();
        assertCleanFailure(3, List.of("--item", "99999999"), "explain", "--run", run.toString(), "--user",
                Long.toString(user), "--item", "99999999");
        assertCleanFailure(2, List.of("--user", "'abc'"), "explain", "--run", run.toString(), "--user", "abc");
        Path bare = tmp.resolve("bare");
        assertEquals(0, BundledRuns.capture("sasrec_opset14_folded", bare, "--positions", "last").exitCode());
        assertCleanFailure(3, List.of("no 'train' stage"), "explain", "--run", bare.toString(), "--user",
                Long.toString(user));
    }
}
