package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/**
 * {@code recsae compare} on the bundled data: the SASRec against the NRMS (a content model, through the same
 * commands: its user vector captured after every prefix, trained, evaluated and interpreted), with a second SASRec
 * SAE of another seed as the stability baseline.
 */
class CompareCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path sasrec;
    static Path sasrecSeed2;
    static Path nrms;
    static Path out;
    static JsonNode doc;
    static CliRun compare;

    @BeforeAll
    static void interpretThreeRunsAndCompare() throws IOException {
        sasrec = shared.resolve("sasrec");
        assertOk(BundledRuns.capture("sasrec_opset14_folded", sasrec));
        sasrecSeed2 = RunCopies.copy(sasrec, shared.resolve("sasrec-seed2"), rel -> rel.isEmpty()
                || rel.equals("manifest.json") || rel.startsWith("activations"));
        nrms = shared.resolve("nrms");
        assertOk(CliRun.of("capture", "--model", ExampleFiles.resolve("nrms/models/nrms.onnx").toString(),
                "--descriptor", ExampleFiles.resolve("nrms/models/nrms.descriptor.json").toString(),
                "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", nrms.toString()));
        for (Path run : List.of(sasrec, sasrecSeed2, nrms)) {
            String seed = run == sasrecSeed2 ? "2" : "1";
            assertOk(CliRun.of("train", "--run", run.toString(), "--k", "16", "--epochs", "4", "--seed", seed));
            assertOk(CliRun.of("interpret", "--run", run.toString()));
        }
        out = shared.resolve("compare");
        assertOk(CliRun.of("evaluate", "--run", nrms.toString()));
        compare = CliRun.of("compare", "--run", sasrec.toString(), "--run", nrms.toString(), "--stability",
                sasrecSeed2.toString(), "--out", out.toString());
        assertOk(compare);
        doc = JSON.readTree(out.resolve("comparison.json").toFile());
    }

    private static void assertOk(CliRun r) {
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void theContentModelRunsThroughTheSameCommands() throws IOException {
        JsonNode capture = JSON.readTree(nrms.resolve("manifest.json").toFile()).path("stages").path("capture");
        assertEquals("nrms", capture.path("plugin").path("name").asText());
        assertEquals("prefixes", capture.path("parameters").path("windows").asText());
        JsonNode ranking = JSON.readTree(nrms.resolve("eval/ranking.json").toFile());
        assertEquals(610, ranking.path("test_users").asInt());
        assertTrue(ranking.path("original").path("ndcg@10").asDouble() > 0, ranking.toString());
        // Every captured prefix lies before its user's test item, so each has a next item to rank.
        assertEquals(capture.path("outputs").path("vectors").asLong(), ranking.path("all_positions").path("targets")
                .asLong(), "every captured prefix is scored against its next item");
        assertTrue(JSON.readTree(nrms.resolve("concepts/summary.json").toFile()).path("scored").asInt() > 0);
        assertEquals("nrms", doc.path("runs").path("b").path("plugin").asText());
    }

    @Test
    void aSecondSeedOfTheSameModelFindsFarMoreOfItsConceptsThanTheShuffledControl() {
        JsonNode s = doc.path("stability").get(0);
        assertEquals("a", s.path("against").asText());
        assertEquals(2, s.path("sae_seed").asInt());
        double share = s.path("matched_share").asDouble();
        double shuffled = s.path("shuffled_matched_share").asDouble();
        assertTrue(share >= 0.1 && share >= shuffled + 0.1,
                "seed-to-seed matched share " + share + " vs shuffled " + shuffled);
        assertTrue(compare.stdout().contains("stability run:"), compare::toString);
    }

    @Test
    void pairsAreOneToOneAboveTheThresholdAndEveryLatentIsMatchedOrUnique() {
        double t = doc.path("threshold").asDouble();
        Set<Integer> a = new HashSet<>();
        Set<Integer> b = new HashSet<>();
        for (JsonNode p : doc.path("pairs")) {
            assertTrue(p.path("cosine").asDouble() >= t, p.toString());
            assertTrue(a.add(p.path("a").asInt()) && b.add(p.path("b").asInt()), "a latent paired twice: " + p);
        }
        for (String side : List.of("a", "b")) {
            Set<Integer> paired = side.equals("a") ? a : b;
            for (JsonNode u : doc.path("unique_" + side)) {
                assertTrue(u.path("cosine").asDouble() < t, u.toString());
                assertTrue(!paired.contains(u.path("latent").asInt()), "latent both unique and paired: " + u);
            }
        }
        for (JsonNode g : doc.path("splits")) {
            assertTrue(g.path("matches").size() >= 2, "a split groups two or more latents: " + g);
        }
        JsonNode summary = doc.path("summary");
        long matchedA = Math.round(summary.path("matched_share_a").asDouble() * summary.path("compared_a").asInt());
        assertEquals(summary.path("compared_a").asInt(), matchedA + doc.path("unique_a").size(),
                "every compared latent of A either has a match at the threshold or is listed as unique");
        assertTrue(doc.path("genres").size() >= 10, "per-genre coverage over the MovieLens genres");
    }

    @Test
    void theReportShowsTheComparison() throws IOException {
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("\"compare\":{\"format\":\"recsae-compare/1\""), "report.html embeds the comparison");
        List<String> csv = Files.readAllLines(out.resolve("pairs.csv"));
        assertEquals("a_latent,b_latent,cosine,a_confidence,b_confidence,a_description,b_description", csv.get(0));
        assertEquals(Math.min(doc.path("summary").path("compared_a").asInt(), doc.path("summary").path("compared_b").asInt()),
                csv.size() - 1, "the optimal assignment pairs every latent of the smaller side");
    }

    @Test
    void runsOverDifferentCataloguesOrWithoutConceptsAreRefused() throws IOException {
        Path data = shared.resolve("other-data");
        Files.createDirectories(data);
        Path source = ExampleFiles.resolve("data/ml-latest-small");
        Files.copy(source.resolve("ratings.csv"), data.resolve("ratings.csv"));
        List<String> movies = new java.util.ArrayList<>(Files.readAllLines(source.resolve("movies.csv")));
        movies.set(1, movies.get(1).replace("Toy Story", "Toy Story (retitled)"));
        Files.write(data.resolve("movies.csv"), movies);
        Path other = shared.resolve("other");
        assertOk(CliRun.of("capture", "--model", ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString(),
                "--descriptor", ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString(),
                "--data", data.toString(), "--run", other.toString()));
        assertOk(CliRun.of("train", "--run", other.toString(), "--k", "16", "--epochs", "1"));
        // Trained but not interpreted: no concepts to compare.
        assertCleanFailure(3, List.of(other.toString(), "'interpret'"), "compare", "--run", sasrec.toString(),
                "--run", other.toString(), "--out", shared.resolve("x").toString());
        assertOk(CliRun.of("interpret", "--run", other.toString()));
        assertCleanFailure(3, List.of("different catalogues", other.toString()), "compare", "--run",
                sasrec.toString(), "--run", other.toString(), "--out", shared.resolve("y").toString());
        assertCleanFailure(2, List.of("exactly two runs"), "compare", "--run", sasrec.toString(), "--out",
                shared.resolve("z").toString());
    }
}
