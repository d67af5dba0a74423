package org.recsae.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a whole interaction log into memory from a folder or file, in any layout {@link LogSource} knows. Each
 * user's items are sorted by time with a stable sort, so ties keep the file's order. Without a given split, the last
 * item is the test item and the second-to-last the dev item. {@link SortedLog} gives the same users without holding
 * them all.
 */
public final class InteractionLogReader {
    private InteractionLogReader() {
    }

    public static InteractionLog read(Path data, LogOptions options) {
        LogSource source = LogSource.of(data, options);
        List<Interaction> rows = new ArrayList<>();
        source.train().read(0, (user, item, time, order) -> rows.add(new Interaction(user, item, time, order)));
        HistorySplit split = HistorySplit.read(source, rows.size());
        List<UserHistory> users = new ArrayList<>();
        for (Map.Entry<Long, List<Interaction>> e : group(rows).entrySet()) {
            users.add(split.history(e.getKey(), e.getValue().stream().mapToLong(Interaction::item).toArray()));
        }
        return new InteractionLog(source.format(), source.files(), users, rows.size() + split.rows(),
                source.splitGiven());
    }

    /** Users in ascending id order, each user's rows stably sorted by time. */
    private static Map<Long, List<Interaction>> group(List<Interaction> rows) {
        Map<Long, List<Interaction>> byUser = new TreeMap<>();
        for (Interaction i : rows) {
            byUser.computeIfAbsent(i.user(), k -> new ArrayList<>()).add(i);
        }
        for (List<Interaction> list : byUser.values()) {
            list.sort(Comparator.comparingLong(Interaction::time).thenComparingLong(Interaction::order));
        }
        return byUser;
    }
}
