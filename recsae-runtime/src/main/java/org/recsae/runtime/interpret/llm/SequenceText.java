package org.recsae.runtime.interpret.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.recsae.spi.interpret.ShownItem;
import org.recsae.spi.interpret.ShownSequence;

/** How a sequence reads in a prompt: the history oldest first with the newest item marked, then the top item. */
final class SequenceText {
    private static final int SHORT_FIELD = 60;

    private SequenceText() {
    }

    static String of(ShownSequence s) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < s.history().size(); i++) {
            String t = item(s.history().get(i));
            items.add(i == s.history().size() - 1 ? "**" + t + "**" : t);
        }
        return "History: " + String.join("; ", items) + "\nRecommended next: " + item(s.predicted());
    }

    /** The title with its short fields (genres, category) in brackets. */
    static String item(ShownItem item) {
        List<String> extra = new ArrayList<>();
        new TreeMap<>(item.fields()).forEach((k, v) -> {
            if (!v.isBlank() && v.length() <= SHORT_FIELD) {
                extra.add(v.strip());
            }
        });
        String title = item.title().replaceAll("\\s+", " ").strip();
        return extra.isEmpty() ? title : title + " [" + String.join("; ", extra) + "]";
    }
}
