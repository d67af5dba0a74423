package org.recsae.runtime.interpret;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.recsae.runtime.capture.CapturedPrefixes;
import org.recsae.runtime.store.Json;
import org.recsae.spi.interpret.Description;
import org.recsae.spi.interpret.InterpreterSession;
import org.recsae.spi.interpret.LatentNotInterpretable;
import org.recsae.spi.interpret.LevelledSequence;
import org.recsae.spi.interpret.ShownItem;
import org.recsae.spi.interpret.ShownSequence;
import org.recsae.spi.interpret.WeightedTerm;

/**
 * Interprets one latent into its concepts.json entry: describe from the explaining sequences, predict levels on
 * the verifying ones, score, and run the two controls (the description on another latent's sequences; the
 * whole interpretation again with a field withheld).
 */
final class LatentInterpreter {
    /** What the interpreter sees of the run, with and without the withheld field. */
    record View(InterpreterSession session, ItemPresenter presenter) {
    }

    private final String interpreterName;
    private final View main;
    private final Optional<View> withheld;
    private final Optional<String> withheldField;
    private final CapturedPrefixes prefixes;
    private final int[] predicted;
    private final int historyShown;
    private final LatentActivations acts;
    private final ItemPresenter full;

    LatentInterpreter(String interpreterName, View main, Optional<View> withheld, Optional<String> withheldField,
                      CapturedPrefixes prefixes, int[] predicted, int historyShown, LatentActivations acts,
                      ItemPresenter full) {
        this.interpreterName = interpreterName;
        this.main = main;
        this.withheld = withheld;
        this.withheldField = withheldField;
        this.prefixes = prefixes;
        this.predicted = predicted;
        this.historyShown = historyShown;
        this.acts = acts;
        this.full = full;
    }

    ObjectNode interpret(LatentCase c, Optional<LatentCase> partner) {
        try {
            return interpretOrThrow(c, partner);
        } catch (LatentNotInterpretable failure) {
            ObjectNode e = unscored(c, "interpreter failed: " + failure.getMessage());
            if (failure.isTransient()) {
                e.put("retry", true);
            }
            return e;
        }
    }

    private ObjectNode unscored(LatentCase c, String reason) {
        ObjectNode e = Json.object();
        e.put("latent", c.latent());
        e.put("interpreter", interpreterName);
        e.put("status", "unscored");
        e.put("reason", reason);
        e.put("activations", c.activations());
        e.put("qualifying_sequences", c.qualifying());
        e.put("description", "");
        e.putNull("recall");
        e.putNull("precision");
        e.putNull("confidence");
        e.set("top_items", topItems(c.latent()));
        return e;
    }

    private ObjectNode interpretOrThrow(LatentCase c, Optional<LatentCase> partner) {
        if (!c.scored()) {
            return unscored(c, c.unscoredReason().orElseThrow());
        }
        ObjectNode e = Json.object();
        e.put("latent", c.latent());
        e.put("interpreter", interpreterName);
        e.put("status", "scored");
        e.put("activations", c.activations());
        e.put("qualifying_sequences", c.qualifying());
        Description d = main.session().describe(levelled(c.explaining(), main.presenter()));
        int[] levels = checked(main.session().predictLevels(d, shown(c.verifying(), main.presenter())),
                c.verifying().size());
        Verification v = Verification.of(c, levels);
        e.put("description", d.text());
        e.put("recall", v.recall());
        e.put("precision", v.precision());
        e.put("confidence", v.confidence());
        ArrayNode terms = e.putArray("terms");
        for (WeightedTerm t : d.terms()) {
            terms.addObject().put("term", t.term()).put("weight", t.weight());
        }
        if (!Double.isNaN(d.threshold())) {
            e.put("match_threshold", Double.isInfinite(d.threshold()) ? null : d.threshold());
        }
        e.set("top_items", topItems(c.latent()));
        ArrayNode explaining = e.putArray("explaining");
        for (LatentCase.Pick p : c.explaining()) {
            explaining.add(sequence(p).put("level", p.level()).put("activation", p.value()));
        }
        ArrayNode verifying = e.putArray("verification");
        List<LatentCase.Pick> picks = c.verifying();
        for (int i = 0; i < picks.size(); i++) {
            LatentCase.Pick p = picks.get(i);
            verifying.add(sequence(p).put("kind", p.level() > 0 ? "positive" : "inactive").put("level", p.level())
                    .put("activation", p.value()).put("predicted_level", levels[i]));
        }
        ObjectNode controls = e.putObject("controls");
        // A control that fails is reported as such; it does not take the latent's own scores with it.
        partner.ifPresent(o -> {
            ObjectNode shuffled = controls.putObject("shuffled").put("sequences_of", o.latent());
            try {
                int[] otherLevels = checked(main.session().predictLevels(d, shown(o.verifying(), main.presenter())),
                        o.verifying().size());
                shuffled.put("confidence", Verification.of(o, otherLevels).confidence());
            } catch (LatentNotInterpretable failure) {
                if (failure.isTransient()) {
                    throw failure; // retried with the whole latent on the next run
                }
                shuffled.put("error", failure.getMessage());
            }
        });
        withheld.ifPresent(w -> {
            ObjectNode blind = controls.putObject("withheld").put("field", withheldField.orElseThrow());
            try {
                Description dw = w.session().describe(levelled(c.explaining(), w.presenter()));
                Verification vw = Verification.of(c, checked(w.session().predictLevels(dw, shown(c.verifying(),
                        w.presenter())), c.verifying().size()));
                blind.put("description", dw.text()).put("recall", vw.recall()).put("precision", vw.precision())
                        .put("confidence", vw.confidence());
            } catch (LatentNotInterpretable failure) {
                if (failure.isTransient()) {
                    throw failure;
                }
                blind.put("error", failure.getMessage());
            }
        });
        return e;
    }

    /** A backend's levels, held to the contract: one per sequence, each 0..10. */
    private int[] checked(int[] levels, int expected) {
        if (levels == null || levels.length != expected) {
            throw new org.recsae.spi.RuntimeFailureException("interpreter '" + interpreterName + "' returned "
                    + (levels == null ? "no levels" : levels.length + " levels") + " for " + expected + " sequences");
        }
        for (int l : levels) {
            if (l < 0 || l > 10) {
                throw new org.recsae.spi.RuntimeFailureException("interpreter '" + interpreterName
                        + "' returned level " + l + "; levels are 0..10");
            }
        }
        return levels;
    }

    private List<LevelledSequence> levelled(List<LatentCase.Pick> picks, ItemPresenter presenter) {
        return picks.stream().map(p -> new LevelledSequence(shownSequence(p.row(), presenter), p.level())).toList();
    }

    private List<ShownSequence> shown(List<LatentCase.Pick> picks, ItemPresenter presenter) {
        return picks.stream().map(p -> shownSequence(p.row(), presenter)).toList();
    }

    ShownSequence shownSequence(int row, ItemPresenter presenter) {
        return presenter.sequence(prefixes.newestHistory(row, historyShown), predicted[row]);
    }

    private ObjectNode sequence(LatentCase.Pick p) {
        ShownSequence s = shownSequence(p.row(), full);
        ObjectNode o = Json.object();
        o.put("user", prefixes.user(p.row()));
        o.put("position", prefixes.position(p.row()));
        ArrayNode history = o.putArray("history");
        for (ShownItem h : s.history()) {
            history.add(item(h));
        }
        o.set("predicted", item(s.predicted()));
        return o;
    }

    private static ObjectNode item(ShownItem i) {
        return Json.object().put("item", i.rawId()).put("title", i.title());
    }

    /**
     * The items the model ranks first where the latent fires, strongest activation first, with how often and that
     * peak (the paper's Tables 5 and 6).
     */
    private ArrayNode topItems(int latent) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (TopPredicted.Item t : acts.topPredicted(latent, predicted, TopPredicted.SHOWN)) {
            out.add(item(full.item(t.index())).put("times", t.times()).put("peak_activation", t.peak()));
        }
        return out;
    }
}
