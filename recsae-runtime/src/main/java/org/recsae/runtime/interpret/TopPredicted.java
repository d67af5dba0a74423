package org.recsae.runtime.interpret;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The items most often ranked first over a set of prefixes, as {item index, times}, most frequent first. */
final class TopPredicted {
    static final int SHOWN = 10;

    private TopPredicted() {
    }

    static List<int[]> of(int[] rows, int[] predicted, int limit) {
        Map<Integer, Integer> times = new HashMap<>();
        for (int r : rows) {
            times.merge(predicted[r], 1, Integer::sum);
        }
        List<int[]> out = new ArrayList<>();
        times.forEach((item, n) -> out.add(new int[] {item, n}));
        out.sort((a, b) -> a[1] != b[1] ? Integer.compare(b[1], a[1]) : Integer.compare(a[0], b[0]));
        return out.subList(0, Math.min(limit, out.size()));
    }
}
