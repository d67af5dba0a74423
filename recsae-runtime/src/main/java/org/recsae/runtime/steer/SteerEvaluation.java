package org.recsae.runtime.steer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.eval.StateScorer;
import org.recsae.runtime.interpret.ConceptDictionary;
import org.recsae.runtime.interpret.EncodedCapture;
import org.recsae.runtime.interpret.TopPredicted;
import org.recsae.runtime.eval.TargetRank;
import org.recsae.runtime.eval.TopItems;
import org.recsae.runtime.ort.TailSession;
import org.recsae.runtime.sae.LoadedSae;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.sae.TopKSae;
import org.recsae.runtime.store.Json;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.ProbeRole;

/**
 * The paper's section 5.4: does turning a latent up put its concept's items into users' top-10? Scored through
 * the tail graph on the test users' cached probe states, in delta mode (the latent's decoded direction is scaled
 * wherever it is active).
 *
 * <p>A concept's items are the 10 top items of its dictionary entry ({@code RUN/concepts/concepts.json}: the
 * items the model ranks first where the latent fires, strongest activation first), and {@code --top N} takes the N
 * most confident concepts. A run not yet interpreted falls back to the same rule computed here ({@link TopPredicted})
 * and the most active latents. Items are never chosen by W_dec · item embedding, which would make success
 * tautological.
 */
public final class SteerEvaluation {
    public static final float[] FACTORS = {1, 2, 5, 10};
    private static final int CONCEPT_ITEMS = 10;

    private SteerEvaluation() {
    }

    public static ObjectNode run(CapturedRun cr, List<Integer> latentsAsked, int top, PrintStream err) {
        ProbeCandidate probe = cr.probe();
        ModelSignature signature = cr.model().signature();
        int width = probe.width();
        SaeFiles files = SaeFiles.readFor(cr.run().stageDir("sae"), width, probe.tensor());
        float[] wDec = files.weights().get(TopKSae.W_DEC).floats();
        var user = cr.model().report().candidate(ProbeRole.USER_STATE)
                .orElseThrow(() -> new BadInputException("steer-eval needs a user_state tensor to score positions"));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        var graph = cr.model().report().graph();
        try (LoadedSae sae = LoadedSae.of(files);
             StateScorer userTail = StateScorer.open(cr, user, threads)) {
            if (!userTail.standsAlone()) {
                throw new BadInputException("model " + cr.model().model().path() + ": the scores of user state '"
                        + user.tensor() + "' depend on the history too, so positions cannot be scored on their own");
            }
            for (int l : latentsAsked) {
                if (l < 0 || l >= sae.dSae()) {
                    throw new BadInputException("--latent " + l + " is outside the SAE (0.." + (sae.dSae() - 1) + ")");
                }
            }
            Optional<ConceptDictionary> dictionary = ConceptDictionary.read(cr.run());
            // Before interpretation, the dictionary's own rule computed here, so the items match what interpret
            // will list.
            java.util.function.IntFunction<int[]> fallback = dictionary.isPresent() ? null : fallbackItems(cr, err);
            TestUsers users = TestUsers.capture(cr, probe, threads);
            ArrayNode concepts = Json.MAPPER.createArrayNode();
            try (TailSession tail = TailSession.open(cr.model().model(), graph, probe.tensor(), signature.scoreOutput(),
                    threads)) {
                users.scoresWithLatentScaled(cr, sae, wDec, tail, 0, 1f);
                java.util.function.IntFunction<int[]> itemsOf = dictionary.isPresent()
                        ? latent -> dictionaryItems(cr, dictionary.get(), latent)
                        : fallback;
                List<Integer> chosen = new ArrayList<>(latentsAsked);
                if (chosen.isEmpty()) {
                    chosen = dictionary.isPresent() ? mostConfident(users, dictionary.get(), top, itemsOf)
                            : mostActive(users, sae, top, itemsOf);
                }
                for (int latent : chosen) {
                    ObjectNode c = steerOne(cr, users, sae, wDec, tail, latent, itemsOf.apply(latent));
                    dictionary.flatMap(d -> d.concept(latent)).ifPresent(k -> c.put("confidence", k.confidence())
                            .put("description", k.description()));
                    concepts.add(c);
                }
            }
            ObjectNode out = Json.object();
            out.put("concept_items", dictionary.isPresent()
                    ? "the top " + CONCEPT_ITEMS + " items of each concept's dictionary entry (" + dictionary.get().file()
                            + "); --top takes the most confident concepts"
                    : "top " + CONCEPT_ITEMS + " items by the rule of the dictionary: the items the model ranks first "
                            + "where the latent fires, highest activation first (no dictionary yet: run 'recsae "
                            + "interpret' first); --top takes the most active latents");
            out.put("mode", "delta");
            out.put("test_users", users.count());
            out.set("concepts", concepts);
            return out;
        }
    }

    /** A latent's top items by the rule interpret's dictionary uses, as model indices. */
    private static java.util.function.IntFunction<int[]> fallbackItems(CapturedRun cr, PrintStream err) {
        EncodedCapture encoded = EncodedCapture.open(cr, err);
        int[] predicted = encoded.predictedItems(err);
        return latent -> encoded.codes().topPredicted(latent, predicted, CONCEPT_ITEMS).stream()
                .mapToInt(TopPredicted.Item::index).toArray();
    }

    /** A concept's top items as model indices (items the model's table lacks are skipped). */
    private static int[] dictionaryItems(CapturedRun cr, ConceptDictionary dictionary, int latent) {
        ModelSignature s = cr.model().signature();
        long[] raw = dictionary.concept(latent).map(ConceptDictionary.Concept::topItems).orElse(new long[0]);
        return Arrays.stream(raw).limit(CONCEPT_ITEMS).mapToInt(r -> cr.log().ids().index(r, s.itemCount(),
                s.paddingId(), "concept of latent " + latent + " in " + dictionary.file())).toArray();
    }

    /** The most confident concepts whose items are not already in most test users' top-10s. */
    private static List<Integer> mostConfident(TestUsers users, ConceptDictionary dictionary, int top,
                                               java.util.function.IntFunction<int[]> itemsOf) {
        List<Integer> chosen = new ArrayList<>();
        for (ConceptDictionary.Concept c : dictionary.byConfidence()) {
            if (chosen.size() == top) {
                break;
            }
            int[] items = itemsOf.apply(c.latent());
            if (items.length > 0 && users.unsteeredShare(items) <= 0.5) {
                chosen.add(c.latent());
            }
        }
        return chosen;
    }

    /** Latents most often active in test users' last states whose concept is not already in most top-10s. */
    private static List<Integer> mostActive(TestUsers users, LoadedSae sae, int top,
                                            java.util.function.IntFunction<int[]> itemsOf) {
        int[] count = new int[sae.dSae()];
        for (int u = 0; u < users.count(); u++) {
            for (int l : users.activeAtLast(u, sae)) {
                count[l]++;
            }
        }
        Integer[] order = new Integer[count.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(count[b], count[a]));
        List<Integer> chosen = new ArrayList<>();
        for (int l : order) {
            if (chosen.size() == top || count[l] == 0) {
                break;
            }
            int[] items = itemsOf.apply(l);
            if (items.length > 0 && users.unsteeredShare(items) <= 0.5) {
                chosen.add(l);
            }
        }
        return chosen;
    }

    private static ObjectNode steerOne(CapturedRun cr, TestUsers users, LoadedSae sae, float[] wDec, TailSession tail,
                                       int latent, int[] items) {
        ObjectNode c = Json.object();
        c.put("latent", latent);
        ArrayNode itemNode = c.putArray("items");
        for (int i : items) {
            itemNode.add(cr.log().ids().raw(i));
        }
        boolean[] activeUser = new boolean[users.count()];
        int active = 0;
        for (int u = 0; u < users.count(); u++) {
            for (int l : users.activeAtLast(u, sae)) {
                if (l == latent) {
                    activeUser[u] = true;
                    active++;
                }
            }
        }
        c.put("active_users", active);
        ArrayNode rows = c.putArray("factors");
        for (float f : FACTORS) {
            float[][] scores = users.scoresWithLatentScaled(cr, sae, wDec, tail, latent, f);
            int hitActive = 0;
            int hitAll = 0;
            double hr = 0;
            double ndcg = 0;
            for (int u = 0; u < users.count(); u++) {
                IndexedUser iu = users.user(u);
                int[] topTen = TopItems.excludingHistory(scores[u], iu.items(), iu.beforeTest(), 10);
                boolean hit = false;
                for (int t : topTen) {
                    for (int i : items) {
                        hit |= t == i;
                    }
                }
                hitAll += hit ? 1 : 0;
                hitActive += hit && activeUser[u] ? 1 : 0;
                int rank = TargetRank.of(scores[u], iu.items()[iu.testPosition()], iu.items(), iu.beforeTest());
                hr += TargetRank.hit(rank, 10);
                ndcg += TargetRank.ndcg(rank, 10);
            }
            ObjectNode r = rows.addObject();
            r.put("factor", f);
            r.put("share_active_users", active == 0 ? 0 : (double) hitActive / active);
            r.put("share_all_users", (double) hitAll / users.count());
            r.put("hr@10", hr / users.count());
            r.put("ndcg@10", ndcg / users.count());
        }
        return c;
    }
}
