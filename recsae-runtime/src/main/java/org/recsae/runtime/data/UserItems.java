package org.recsae.runtime.data;

import java.util.Arrays;
import org.recsae.spi.BadInputException;

/**
 * A ReChorus dev or test file: one item per user, kept as two sorted primitive arrays. It grows with the users, not
 * the interactions, so even the bounded-memory reader holds it whole.
 */
final class UserItems {
    private final long[] users;
    private final long[] items;

    private UserItems(long[] users, long[] items) {
        this.users = users;
        this.items = items;
    }

    static UserItems read(LogFile file, long firstOrder) {
        RowChunk rows = new RowChunk(Integer.MAX_VALUE - 8);
        // Time plays no part here: sorted by user, then file order, a user's rows sit together in the order read.
        file.read(firstOrder, (u, i, t, o) -> rows.add(u, 0, o, i));
        rows.sort();
        int n = rows.size();
        // Names the repeat a reader going down the file meets first: the earliest second row of any user.
        long repeatOrder = Long.MAX_VALUE;
        long repeated = -1;
        for (int k = 1; k < n; k++) {
            if (rows.user(k) == rows.user(k - 1) && rows.order(k) < repeatOrder) {
                repeatOrder = rows.order(k);
                repeated = rows.user(k);
            }
        }
        if (repeated >= 0) {
            throw new BadInputException(file.path() + ": user " + repeated + " has more than one row; a ReChorus "
                    + "dev/test file holds one item per user");
        }
        long[] users = new long[n];
        long[] items = new long[n];
        for (int k = 0; k < n; k++) {
            users[k] = rows.user(k);
            items[k] = rows.item(k);
        }
        return new UserItems(users, items);
    }

    int size() {
        return users.length;
    }

    /** The user's item, or -1 (ids are never negative) if the file has no row for them. */
    long item(long user) {
        int k = Arrays.binarySearch(users, user);
        return k < 0 ? -1 : items[k];
    }
}
