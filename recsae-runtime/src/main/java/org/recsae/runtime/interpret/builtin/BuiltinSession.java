package org.recsae.runtime.interpret.builtin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsae.spi.interpret.Description;
import org.recsae.spi.interpret.InterpreterSession;
import org.recsae.spi.interpret.LevelledSequence;
import org.recsae.spi.interpret.ShownItem;
import org.recsae.spi.interpret.ShownSequence;
import org.recsae.spi.interpret.WeightedTerm;

/**
 * The offline interpreter. A description is the terms that recur across the explaining sequences (the predicted
 * item counts fully, history items partly) and are rare among ordinary sequences, weighted by count times
 * log(1 / background rate). A sequence matches by the weighted share of those terms it has. The cut between
 * "active" and "inactive" is calibrated on the explaining sequences alone: each is scored by the description of
 * the other four (leave one out) and set against ordinary sequences, and the cut that best separates the two
 * is kept with the description.
 */
final class BuiltinSession implements InterpreterSession {
    private static final int CALIBRATION = 300;

    private final ItemTerms terms;
    private final double historyWeight;
    private final int maxTerms;
    private final double minSupport;
    private final double minLift;
    private final Map<String, Double> backgroundRate = new HashMap<>();
    private final List<Map<String, Double>> calibration = new ArrayList<>();

    BuiltinSession(List<ShownItem> catalogue, List<ShownSequence> background, double historyWeight, int maxTerms,
                   double minSupport, double minLift) {
        this.terms = new ItemTerms(catalogue);
        this.historyWeight = historyWeight;
        this.maxTerms = maxTerms;
        this.minSupport = minSupport;
        this.minLift = minLift;
        Map<String, Double> df = new HashMap<>();
        for (ShownSequence s : background) {
            features(s).forEach((t, v) -> df.merge(t, v, Double::sum));
        }
        double n = background.size();
        df.forEach((t, c) -> backgroundRate.put(t, (c + 0.5) / (n + 1)));
        this.unseenRate = 0.5 / (n + 1);
        for (int i = 0; i < Math.min(CALIBRATION, background.size()); i++) {
            calibration.add(features(background.get(i)));
        }
    }

    private final double unseenRate;

    Map<String, Double> features(ShownSequence s) {
        Map<String, Double> f = new HashMap<>();
        for (ShownItem h : s.history()) {
            for (String t : terms.of(h)) {
                f.merge(t, historyWeight, Math::max);
            }
        }
        for (String t : terms.of(s.predicted())) {
            f.put(t, 1.0);
        }
        return f;
    }

    @Override
    public Description describe(List<LevelledSequence> explaining) {
        List<Map<String, Double>> f = explaining.stream().map(e -> features(e.sequence())).toList();
        List<WeightedTerm> weighted = weigh(f);
        if (weighted.isEmpty()) {
            return new Description("no feature recurs across its top sequences", List.of(), Double.POSITIVE_INFINITY);
        }
        double[] heldOut = new double[f.size()];
        for (int i = 0; i < f.size(); i++) {
            List<Map<String, Double>> others = new ArrayList<>(f);
            others.remove(i);
            heldOut[i] = match(weigh(others), f.get(i));
        }
        double[] ordinary = calibration.stream().mapToDouble(c -> match(weighted, c)).toArray();
        return new Description(text(weighted), weighted, bestCut(heldOut, ordinary));
    }

    /** The cut maximising (share of held-out explaining scores at or above it) + (share of ordinary ones below). */
    static double bestCut(double[] positives, double[] ordinary) {
        double[] candidates = new double[positives.length + ordinary.length];
        System.arraycopy(positives, 0, candidates, 0, positives.length);
        System.arraycopy(ordinary, 0, candidates, positives.length, ordinary.length);
        Arrays.sort(candidates);
        double best = Double.NEGATIVE_INFINITY;
        double cut = Double.POSITIVE_INFINITY;
        for (double c : candidates) {
            if (c <= 0) {
                continue; // a sequence sharing nothing with the description never counts as active
            }
            double hit = 0;
            for (double p : positives) {
                hit += p >= c ? 1 : 0;
            }
            double rejected = 0;
            for (double o : ordinary) {
                rejected += o < c ? 1 : 0;
            }
            double j = hit / positives.length + (ordinary.length == 0 ? 1 : rejected / ordinary.length);
            if (j > best + 1e-12) {
                best = j;
                cut = c;
            }
        }
        return cut;
    }

    private List<WeightedTerm> weigh(List<Map<String, Double>> examples) {
        Map<String, Double> count = new LinkedHashMap<>();
        for (Map<String, Double> f : examples) {
            f.forEach((t, v) -> count.merge(t, v, Double::sum));
        }
        List<WeightedTerm> out = new ArrayList<>();
        count.forEach((t, c) -> {
            double rate = backgroundRate.getOrDefault(t, unseenRate);
            // A term must recur, and be clearly commoner here than in ordinary sequences: shared by chance is no
            // concept.
            if (c >= minSupport - 1e-9 && c / examples.size() > minLift * rate) {
                out.add(new WeightedTerm(t, c * Math.log(1 / rate)));
            }
        });
        out.sort((a, b) -> a.weight() != b.weight() ? Double.compare(b.weight(), a.weight())
                : a.term().compareTo(b.term()));
        return List.copyOf(out.subList(0, Math.min(maxTerms, out.size())));
    }

    static double match(List<WeightedTerm> description, Map<String, Double> features) {
        double total = 0;
        double got = 0;
        for (WeightedTerm w : description) {
            total += w.weight();
            got += w.weight() * features.getOrDefault(w.term(), 0.0);
        }
        return total > 0 ? got / total : 0;
    }

    @Override
    public int[] predictLevels(Description description, List<ShownSequence> sequences) {
        int[] levels = new int[sequences.size()];
        double cut = description.threshold();
        for (int i = 0; i < levels.length; i++) {
            double m = match(description.terms(), features(sequences.get(i)));
            if (m >= cut) {
                levels[i] = 6 + (int) Math.round(4 * Math.min(1, (m - cut) / Math.max(1e-9, 1 - cut)));
            } else {
                levels[i] = Double.isInfinite(cut) ? 0 : (int) Math.floor(5 * m / cut);
            }
        }
        return levels;
    }

    private String text(List<WeightedTerm> weighted) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (WeightedTerm w : weighted) {
            byKind.computeIfAbsent(ItemTerms.kind(w.term()), k -> new ArrayList<>()).add(terms.label(w.term()));
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, labels) -> parts.add(switch (kind) {
            case "item" -> "items: " + String.join("; ", labels);
            case "word" -> "title words: " + String.join(", ", labels);
            default -> kind + ": " + String.join(", ", labels);
        }));
        return String.join(" | ", parts);
    }

    @Override
    public void close() {
        terms.close();
    }
}
