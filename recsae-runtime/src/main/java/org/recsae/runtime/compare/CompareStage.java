package org.recsae.runtime.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.interpret.ConceptDictionary;
import org.recsae.runtime.report.ReportStage;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.CsvText;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.BadInputException;

/**
 * {@code compare}: two interpreted runs over the same catalogue, latent by latent. Each latent's item profile
 * ({@link LatentProfiles}) is matched by cosine one-to-one (the optimal assignment) and to its best partner on the
 * other side, so features one SAE split and the other merged show; beside it, the same match against B with its
 * item axis shuffled, and for each stability run (another SAE of A's or B's model) how much of a model's own
 * dictionary comes back at all. Writes {@code comparison.json}, {@code pairs.csv} and {@code report.html} (run A's
 * report with the comparison filled in) into the output folder.
 */
public final class CompareStage {
    private CompareStage() {
    }

    /** The headline figures: shares of alive latents whose best match reaches the threshold. */
    public record Result(Path out, double matchedA, double matchedB, double shuffledA, List<double[]> stability,
                         int pairs) {
    }

    public static Result run(CompareConfig config, PrintStream err) {
        RunDirectory runA = new RunDirectory(config.runA());
        RunDirectory runB = new RunDirectory(config.runB());
        requireSameCatalogue(runA, runB);
        for (Path s : config.stability()) {
            requireSameCatalogue(runA, new RunDirectory(s));
        }
        LatentProfiles a = LatentProfiles.of(runA, err);
        LatentProfiles b = LatentProfiles.of(runB, err);
        ProfileSimilarity sim = ProfileSimilarity.of(a, b, config.minPrefixes());
        requireComparable(sim, runA, runB, config);
        double t = config.threshold();
        int[] assign = OptimalAssignment.maximise(sim.cosine());
        int[] bestA = sim.bestForA();
        int[] bestB = sim.bestForB();

        ObjectNode doc = Json.object();
        doc.put("format", "recsae-compare/1");
        doc.put("threshold", t);
        doc.put("min_prefixes", config.minPrefixes());
        doc.put("profile", "mean activation of the latent over the captured prefixes where the model ranks each item "
                + "first; cosine over the union of both models' first-ranked items");
        ObjectNode runs = doc.putObject("runs");
        runs.set("a", describe(runA, a, sim.latentsA().length, config.minPrefixes()));
        runs.set("b", describe(runB, b, sim.latentsB().length, config.minPrefixes()));

        List<int[]> matched = new ArrayList<>();
        ArrayNode pairs = doc.putArray("pairs");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < assign.length; i++) {
            if (assign[i] >= 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -sim.cosine()[i][assign[i]]));
        StringBuilder csv = new StringBuilder("a_latent,b_latent,cosine,a_confidence,b_confidence,a_description,"
                + "b_description\n");
        for (int i : order) {
            int la = sim.latentsA()[i];
            int lb = sim.latentsB()[assign[i]];
            float cos = sim.cosine()[i][assign[i]];
            csv.append(la).append(',').append(lb).append(',').append(String.format(java.util.Locale.ROOT, "%.4f", cos))
                    .append(',').append(confidence(a.concepts(), la)).append(',').append(confidence(b.concepts(), lb))
                    .append(',').append(CsvText.field(description(a.concepts(), la))).append(',')
                    .append(CsvText.field(description(b.concepts(), lb))).append('\n');
            if (cos >= t) {
                matched.add(new int[] {la, lb});
                ObjectNode p = pairs.addObject().put("a", la).put("b", lb).put("cosine", cos);
                concept(p, "a_", a.concepts(), la);
                concept(p, "b_", b.concepts(), lb);
            }
        }
        doc.set("unique_a", unique(sim.latentsA(), bestA, (i, j) -> sim.cosine()[i][j], sim.latentsB(), a.concepts(), t));
        doc.set("unique_b", unique(sim.latentsB(), bestB, (j, i) -> sim.cosine()[i][j], sim.latentsA(), b.concepts(), t));
        ArrayNode splits = doc.putArray("splits");
        groups(splits, "b", sim.latentsB(), bestA, sim.latentsA(), (i, j) -> sim.cosine()[i][j], t);
        groups(splits, "a", sim.latentsA(), bestB, sim.latentsB(), (j, i) -> sim.cosine()[i][j], t);

        double matchedA = sim.shareOfAMatched(t);
        double matchedB = sim.shareOfBMatched(t);
        double shuffledA = ProfileSimilarity.shuffled(a, b, config.minPrefixes(), config.seed()).shareOfAMatched(t);
        double meanAssigned = order.stream().mapToDouble(i -> sim.cosine()[i][assign[i]]).average().orElse(0);
        ObjectNode summary = doc.putObject("summary");
        summary.put("compared_a", sim.latentsA().length);
        summary.put("compared_b", sim.latentsB().length);
        summary.put("matched_share_a", matchedA);
        summary.put("matched_share_b", matchedB);
        summary.put("one_to_one_pairs_at_threshold", matched.size());
        summary.put("mean_assigned_cosine", meanAssigned);
        summary.put("shuffled_matched_share_a", shuffledA);
        summary.put("unique_a", doc.path("unique_a").size());
        summary.put("unique_b", doc.path("unique_b").size());
        summary.put("splits", splits.size());

        List<double[]> stabilityRows = new ArrayList<>();
        ArrayNode stability = doc.putArray("stability");
        for (Path s : config.stability()) {
            RunDirectory runS = new RunDirectory(s);
            LatentProfiles ps = LatentProfiles.of(runS, err);
            LatentProfiles reference = sameModel(ps, a) ? a : sameModel(ps, b) ? b : null;
            if (reference == null) {
                throw new BadInputException("stability run " + s + " is of neither compared model (model sha256 "
                        + modelSha(ps) + "); a stability run is another SAE of A's or B's model, e.g. another seed");
            }
            ProfileSimilarity self = ProfileSimilarity.of(reference, ps, config.minPrefixes());
            requireComparable(self, reference == a ? runA : runB, runS, config);
            double share = self.shareOfAMatched(t);
            double shuffled = ProfileSimilarity.shuffled(reference, ps, config.minPrefixes(), config.seed()).shareOfAMatched(t);
            stabilityRows.add(new double[] {share, shuffled});
            stability.addObject().put("run", runS.root().toAbsolutePath().normalize().toString())
                    .put("against", reference == a ? "a" : "b").put("matched_share", share)
                    .put("shuffled_matched_share", shuffled)
                    .put("sae_seed", seedOf(runS)).put("reference_sae_seed", seedOf(reference == a ? runA : runB));
        }
        GenreCoverage.table(a.run().data().catalogue(), a, b, matched).ifPresent(g -> doc.set("genres", g));

        Path out = config.out();
        AtomicFiles.writeString(out.resolve("comparison.json"), Json.write(doc));
        AtomicFiles.writeString(out.resolve("pairs.csv"), csv.toString());
        ReportStage.render(runA, out.resolve("report.html"), Optional.of(doc));
        return new Result(out, matchedA, matchedB, shuffledA, stabilityRows, matched.size());
    }

    private interface Cosine {
        float of(int row, int column);
    }

    private static ArrayNode unique(int[] latents, int[] best, Cosine cos, int[] other, ConceptDictionary concepts,
                                    double t) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < latents.length; i++) {
            float c = cos.of(i, best[i]);
            if (c < t) {
                ObjectNode u = out.addObject().put("latent", latents[i]).put("best_match", other[best[i]])
                        .put("cosine", c);
                concept(u, "", concepts, latents[i]);
            }
        }
        return out;
    }

    /** Latents of {@code side} that are the best match, at the threshold, of two or more latents of the other. */
    private static void groups(ArrayNode out, String side, int[] latents, int[] bestOfOther, int[] otherLatents,
                               Cosine cos, double t) {
        java.util.Map<Integer, List<Integer>> parts = new java.util.TreeMap<>();
        for (int i = 0; i < bestOfOther.length; i++) {
            if (cos.of(i, bestOfOther[i]) >= t) {
                parts.computeIfAbsent(bestOfOther[i], k -> new ArrayList<>()).add(otherLatents[i]);
            }
        }
        parts.forEach((j, list) -> {
            if (list.size() > 1) {
                ObjectNode g = out.addObject().put("side", side).put("latent", latents[j]);
                list.forEach(g.putArray("matches")::add);
            }
        });
    }

    private static void requireComparable(ProfileSimilarity sim, RunDirectory a, RunDirectory b, CompareConfig c) {
        if (sim.empty()) {
            RunDirectory empty = sim.latentsA().length == 0 ? a : b;
            throw new BadInputException("run " + empty.root() + ": no latent fires where its model ranks an item first "
                    + "at " + c.minPrefixes() + " or more prefixes, so no latent has a profile to compare; lower "
                    + "--min-prefixes or capture more data");
        }
    }

    private static void concept(ObjectNode into, String prefix, ConceptDictionary concepts, int latent) {
        into.put(prefix + "description", description(concepts, latent));
        into.put(prefix + "confidence", confidence(concepts, latent));
    }

    private static String description(ConceptDictionary concepts, int latent) {
        return concepts.concept(latent).map(ConceptDictionary.Concept::description).orElse("");
    }

    private static double confidence(ConceptDictionary concepts, int latent) {
        return concepts.concept(latent).map(ConceptDictionary.Concept::confidence).orElse(0.0);
    }

    private static long kept(LatentProfiles p, int minPrefixes) {
        return java.util.Arrays.stream(p.timesFirst()).filter(t -> t >= minPrefixes).count();
    }

    private static ObjectNode describe(RunDirectory run, LatentProfiles p, int alive, int minPrefixes) {
        JsonNode capture = p.run().capture();
        return Json.object().put("run", run.root().toAbsolutePath().normalize().toString())
                .put("model", capture.path("inputs").path("model").path("path").asText())
                .put("plugin", capture.path("plugin").path("name").asText())
                .put("probe", capture.path("parameters").path("probe").asText())
                .put("latents", p.latents()).put("compared", alive).put("first_ranked_items", p.items().length)
                .put("first_ranked_items_kept", kept(p, minPrefixes));
    }

    /** Checked on the manifests before anything is loaded: both interpreted, both over the same catalogue. */
    private static void requireSameCatalogue(RunDirectory a, RunDirectory b) {
        JsonNode ca = captureOf(a).path("inputs").path("catalogue");
        JsonNode cb = captureOf(b).path("inputs").path("catalogue");
        for (RunDirectory r : List.of(a, b)) {
            JsonNode cat = r == a ? ca : cb;
            if (cat.path("items").asLong() == 0) {
                throw new BadInputException("run " + r.root() + " was captured without an item catalogue (no "
                        + "movies.csv, u.item or item_meta.csv beside its log); compare needs one on both sides to know "
                        + "that the two runs rank the same items");
            }
        }
        if (!ca.path("fingerprint").asText().equals(cb.path("fingerprint").asText())) {
            throw new BadInputException("runs " + a.root() + " and " + b.root() + " are over different catalogues ("
                    + ca.path("items").asLong() + " items, fingerprint " + abbreviate(ca) + " vs "
                    + cb.path("items").asLong() + " items, fingerprint " + abbreviate(cb) + "); compare matches "
                    + "latents by the items they favour, so both runs need the same items");
        }
    }

    private static JsonNode captureOf(RunDirectory run) {
        org.recsae.runtime.store.RunManifest m = org.recsae.runtime.store.RunManifest.require(run,
                org.recsae.runtime.interpret.InterpretStage.STAGE, "compare");
        return m.stage(org.recsae.runtime.capture.ActivationCapture.STAGE).orElseThrow(() -> new BadInputException(
                "run " + run.root() + " has concepts but no capture stage in its manifest; capture again"));
    }

    private static String abbreviate(JsonNode catalogue) {
        String f = catalogue.path("fingerprint").asText();
        return f.length() > 12 ? f.substring(0, 12) : f;
    }

    private static boolean sameModel(LatentProfiles x, LatentProfiles y) {
        return modelSha(x).equals(modelSha(y));
    }

    private static String modelSha(LatentProfiles p) {
        return p.run().capture().path("inputs").path("model").path("sha256").asText();
    }

    private static long seedOf(RunDirectory run) {
        return org.recsae.runtime.store.RunManifest.load(run).stage("train")
                .map(s -> s.path("parameters").path("seed").asLong()).orElse(-1L);
    }
}
