package org.recsae.runtime.interpret;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A latent's top items: the items the model ranks first at the prefixes where the latent fires, ordered by the
 * latent's highest activation at such a prefix (then by how often, then by index). Ordering by plain frequency
 * put the catalogue's most popular items first for most latents; the items that come with the latent's strongest
 * activations say what it is about (and steering it brings them up more often: BENCHMARKS.md "Steering").
 */
public final class TopPredicted {
    public static final int SHOWN = 10;

    /** One item: its index, how many prefixes ranked it first where the latent fires, the peak activation there. */
    public record Item(int index, int times, float peak) {
    }

    private TopPredicted() {
    }

    /** @param values the latent's activation at each of {@code rows}, in the same order */
    public static List<Item> of(int[] rows, float[] values, int[] predicted, int limit) {
        Map<Integer, int[]> times = new HashMap<>();
        Map<Integer, Float> peak = new HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            int item = predicted[rows[i]];
            times.computeIfAbsent(item, k -> new int[1])[0]++;
            peak.merge(item, values[i], Math::max);
        }
        List<Item> out = new ArrayList<>();
        times.forEach((item, n) -> out.add(new Item(item, n[0], peak.get(item))));
        out.sort((a, b) -> a.peak() != b.peak() ? Float.compare(b.peak(), a.peak())
                : a.times() != b.times() ? Integer.compare(b.times(), a.times()) : Integer.compare(a.index(), b.index()));
        return out.subList(0, Math.min(limit, out.size()));
    }
}
