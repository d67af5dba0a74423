package org.recsae.runtime.probe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The known names closest to a misspelt one, for "did you mean" messages. */
public final class NameSuggestions {
    private NameSuggestions() {
    }

    public static List<String> nearest(String wanted, Collection<String> known, int limit) {
        String w = wanted.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>(known);
        names.sort(Comparator.comparingInt((String k) -> score(w, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k));
        return names.subList(0, Math.min(limit, names.size()));
    }

    /** Edit distance, with a bonus for names that contain the wanted text (long exported names often do). */
    private static int score(String wanted, String known) {
        int d = distance(wanted, known);
        return known.contains(wanted) ? d / 4 : d;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
