package org.recsae.runtime.data;

import java.util.Arrays;

/** One pass over a {@link SortedLog}: its users one at a time, holding only the current user's history. */
public final class UserCursor implements AutoCloseable {
    private final ExternalSort.Pairs pairs;
    private final HistorySplit split;
    private long[] items = new long[64];
    private boolean pending;

    UserCursor(ExternalSort.Pairs pairs, HistorySplit split) {
        this.pairs = pairs;
        this.split = split;
        try {
            this.pending = pairs.next();
        } catch (RuntimeException e) {
            pairs.close();
            throw e;
        }
    }

    /** The next user (ascending raw id), or null after the last. */
    public UserHistory next() {
        if (!pending) {
            return null;
        }
        long user = pairs.user();
        int n = 0;
        do {
            if (n == items.length) {
                items = Arrays.copyOf(items, 2 * n);
            }
            items[n++] = pairs.item();
            pending = pairs.next();
        } while (pending && pairs.user() == user);
        return split.history(user, Arrays.copyOf(items, n));
    }

    @Override
    public void close() {
        pairs.close();
    }
}
