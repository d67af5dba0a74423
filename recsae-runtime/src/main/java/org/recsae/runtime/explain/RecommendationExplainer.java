package org.recsae.runtime.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.eval.StateScorer;
import org.recsae.runtime.eval.TargetRank;
import org.recsae.runtime.eval.TopItems;
import org.recsae.runtime.interpret.ConceptDictionary;
import org.recsae.runtime.sae.LoadedSae;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.sae.TopKSae;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelSignature;

/**
 * {@code explain}: why the model recommends items to a user, as the concepts behind each score. The user's probe
 * state comes from the head graph, its code and reconstruction from the run's SAE, and every score from the tail
 * graph, in one batched run: the state itself, the state with each active latent's decoded part removed, the
 * reconstruction and the SAE's bias. Writes {@code RUN/explain/user-U.json}, which the report shows.
 */
public final class RecommendationExplainer {
    public static final String STAGE = "explain";
    /** Interactions larger than this are reported: the scorer is then not affine in the probe state. */
    static final double AFFINE_TOLERANCE = 1e-4;

    private RecommendationExplainer() {
    }

    /** Explains each user's request, writes their files and records the stage in the manifest. */
    public static List<ObjectNode> explainAll(RunDirectory run, List<ExplainRequest> requests) {
        // The run (model, discovery, log) is opened once for all users.
        CapturedRun cr = open(run);
        List<ObjectNode> docs = new ArrayList<>();
        ObjectNode stage = Json.object();
        ObjectNode outputs = Json.object();
        for (ExplainRequest r : requests) {
            docs.add(explain(cr, r));
            Path file = run.stageDir(STAGE).resolve("user-" + r.user() + ".json");
            outputs.set(run.relative(file), RunManifest.runFile(run, file));
        }
        ObjectNode inputs = stage.putObject("inputs");
        inputs.set("sae", RunManifest.runFile(run, run.stageDir("sae").resolve(SaeFiles.WEIGHTS)));
        Path concepts = run.stageDir("concepts").resolve("concepts.json");
        if (Files.isRegularFile(concepts)) {
            inputs.set("concepts", RunManifest.runFile(run, concepts));
        }
        ArrayNode users = stage.putObject("parameters").putArray("users");
        requests.forEach(r -> users.add(r.user()));
        stage.set("outputs", outputs);
        RunManifest.load(run).putStage(STAGE, stage);
        return docs;
    }

    public static ObjectNode explain(RunDirectory run, ExplainRequest request) {
        return explain(open(run), request);
    }

    private static CapturedRun open(RunDirectory run) {
        CapturedRun cr = CapturedRun.open(run, STAGE);
        RunManifest.require(run, "train", STAGE);
        return cr;
    }

    private static ObjectNode explain(CapturedRun cr, ExplainRequest request) {
        RunDirectory run = cr.run();
        IndexedUser user = cr.log().users().stream().filter(u -> u.user() == request.user()).findFirst()
                .orElseThrow(() -> new BadInputException("user " + request.user() + " is not in the interaction log "
                        + cr.data().path() + " (" + cr.log().users().size() + " users)"));
        int seen = request.wholeHistory() ? user.items().length : user.beforeTest();
        if (seen == 0) {
            throw new BadInputException("user " + request.user() + " has no history before the test item; use "
                    + "--history all to explain from the whole log");
        }
        ModelSignature signature = cr.model().signature();
        int[] excluded = Arrays.copyOf(user.items(), seen);
        List<Integer> asked = new ArrayList<>();
        for (long raw : request.items()) {
            asked.add(cr.log().ids().index(raw, signature.itemCount(), signature.paddingId(), "--item"));
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        float[] x = UserStates.lastStates(cr, List.of(user.historyBefore(seen, signature.maxLength())), threads);
        SaeFiles files = SaeFiles.readFor(run.stageDir("sae"), x.length, cr.probe().tensor());
        Profile profile = Profile.of(x, files);
        ItemScores scores;
        try (StateScorer scorer = StateScorer.forCapturedVectors(cr, threads).orElseThrow(() -> new BadInputException(
                "explain scores edited user states through the tail at the user state, but probe '"
                        + cr.probe().tensor() + "' (" + cr.probe().role().jsonName() + ") is neither the user state "
                        + "nor the per-position states it is verified to be selected from, or that tail still reads "
                        + "the history; capture the sequence_states or user_state probe"))) {
            scores = scorer.score(profile.editedStates(files), profile.latents.length + 3);
        }
        int[] latents = profile.latents;
        float[] activations = profile.activations;
        ScoreDecomposition parts = new ScoreDecomposition(scores.rows(), latents.length);
        // The top items leave out the history, as evaluation does, and indices no raw id names (padding).
        int[] unnamed = org.recsae.runtime.interpret.PredictedItems.unnamedItems(cr);
        int[] masked = Arrays.copyOf(excluded, seen + unnamed.length);
        System.arraycopy(unnamed, 0, masked, seen, unnamed.length);
        List<Integer> items = asked.isEmpty()
                ? Arrays.stream(TopItems.excludingHistory(scores.rows()[0], masked, masked.length, request.top()))
                        .boxed().toList()
                : asked;

        Optional<ConceptDictionary> concepts = ConceptDictionary.read(run);
        double[] edges = levelEdges(run);
        ObjectNode doc = Json.object();
        doc.put("user", request.user());
        doc.put("history", request.wholeHistory() ? "all" : "before test");
        doc.put("history_length", seen);
        ArrayNode itemsNode = doc.putArray("items");
        double worstInteraction = 0;
        for (int item : items) {
            ObjectNode it = itemsNode.addObject();
            it.put("item", cr.log().ids().raw(item));
            it.put("title", cr.data().catalogue().item(cr.log().ids().raw(item)).map(c -> c.title())
                    .orElse("item " + cr.log().ids().raw(item)));
            it.put("rank", TargetRank.of(scores.rows()[0], item, excluded, seen) + 1);
            it.put("score", parts.score(item));
            it.put("base", parts.base(item));
            it.put("residual", parts.residual(item));
            it.put("interaction", parts.interaction(item));
            worstInteraction = Math.max(worstInteraction, Math.abs(parts.interaction(item)));
            List<ObjectNode> contributions = new ArrayList<>();
            for (int a = 0; a < latents.length; a++) {
                ObjectNode c = concept(concepts, latents[a], activations[a], edges);
                c.put("contribution", parts.contribution(a, item));
                contributions.add(c);
            }
            contributions.sort((p, q) -> Double.compare(Math.abs(q.path("contribution").asDouble()),
                    Math.abs(p.path("contribution").asDouble())));
            ArrayNode cn = it.putArray("contributions");
            contributions.forEach(cn::add);
        }
        doc.put("affine", worstInteraction <= AFFINE_TOLERANCE);
        if (worstInteraction > AFFINE_TOLERANCE) {
            doc.put("note", "the scores are not affine in the probe state (largest interaction " + worstInteraction
                    + "): contributions do not add up to the score on their own");
        }
        ArrayNode active = doc.putArray("active_latents");
        Integer[] order = new Integer[latents.length];
        for (int a = 0; a < order.length; a++) {
            order[a] = a;
        }
        Arrays.sort(order, (p, q) -> Float.compare(activations[q], activations[p]));
        for (int a : order) {
            active.add(concept(concepts, latents[a], activations[a], edges));
        }
        Path out = run.stageDir(STAGE).resolve("user-" + request.user() + ".json");
        try {
            Files.createDirectories(out.getParent());
        } catch (java.io.IOException e) {
            throw new org.recsae.spi.RuntimeFailureException("cannot create " + out.getParent() + ": "
                    + e.getMessage(), e);
        }
        AtomicFiles.writeString(out, Json.write(doc));
        return doc;
    }

    /** The user's state, its active latents with their activations, and its reconstruction. */
    private record Profile(float[] x, int[] latents, float[] activations, float[] xHat) {
        static Profile of(float[] x, SaeFiles files) {
            try (LoadedSae sae = LoadedSae.of(files)) {
                LoadedSae.Codes codes = sae.codes(x, 1);
                int active = 0;
                for (int j = 0; j < codes.k(); j++) {
                    active += codes.values()[j] > 0 ? 1 : 0;
                }
                int[] latents = new int[active];
                float[] activations = new float[active];
                int a = 0;
                for (int j = 0; j < codes.k(); j++) {
                    if (codes.values()[j] > 0) {
                        latents[a] = (int) codes.latents()[j];
                        activations[a++] = codes.values()[j];
                    }
                }
                return new Profile(x, latents, activations, sae.reconstruct(x, 1));
            }
        }

        /** The rows {@link ScoreDecomposition} reads: x, x − z_j d_j per active latent, x̂, b_dec. */
        float[] editedStates(SaeFiles files) {
            float[] wDec = files.weights().get(TopKSae.W_DEC).floats();
            float[] bDec = files.weights().get(TopKSae.B_DEC).floats();
            int width = x.length;
            float[] batch = new float[(latents.length + 3) * width];
            System.arraycopy(x, 0, batch, 0, width);
            for (int a = 0; a < latents.length; a++) {
                for (int d = 0; d < width; d++) {
                    batch[(1 + a) * width + d] = x[d] - activations[a] * wDec[latents[a] * width + d];
                }
            }
            System.arraycopy(xHat, 0, batch, (1 + latents.length) * width, width);
            System.arraycopy(bDec, 0, batch, (2 + latents.length) * width, width);
            return batch;
        }
    }

    private static ObjectNode concept(Optional<ConceptDictionary> concepts, int latent, float activation,
                                      double[] edges) {
        ObjectNode c = Json.object();
        c.put("latent", latent);
        c.put("activation", activation);
        if (edges == null) {
            c.putNull("level");
        } else {
            int level = 1;
            for (double e : edges) {
                level += activation > e ? 1 : 0;
            }
            c.put("level", level);
        }
        Optional<ConceptDictionary.Concept> k = concepts.flatMap(d -> d.concept(latent));
        if (k.isPresent() && k.get().scored()) {
            c.put("description", k.get().description());
            c.put("confidence", k.get().confidence());
            c.put("status", "scored");
        } else {
            c.putNull("description");
            c.putNull("confidence");
            c.put("status", k.isPresent() ? "unscored" : null);
        }
        return c;
    }

    /** The interpret stage's global decile cut points, when the run was interpreted with global levels. */
    private static double[] levelEdges(RunDirectory run) {
        Path summary = run.stageDir("concepts").resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            return null;
        }
        JsonNode s = Json.read(summary, "concept summary");
        JsonNode e = s.path("level_edges");
        if (!"global".equals(s.path("levels").asText()) || e.size() != 9) {
            return null;
        }
        double[] edges = new double[9];
        for (int i = 0; i < 9; i++) {
            edges[i] = e.get(i).asDouble();
        }
        return edges;
    }
}
