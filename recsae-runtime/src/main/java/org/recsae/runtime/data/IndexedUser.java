package org.recsae.runtime.data;

/**
 * A user's history in model item indices, with the split positions of {@link UserHistory}.
 */
public record IndexedUser(long user, int[] items, int devPosition, int testPosition) {
    /** Translates a history to model indices; an id outside the item table is an error naming the user and file. */
    public static IndexedUser of(UserHistory u, ItemIdMap ids, org.recsae.spi.ModelSignature signature, String file) {
        int[] items = new int[u.items().length];
        String where = "user " + u.user() + " in " + file; // once per user: capture translates every user twice
        for (int i = 0; i < items.length; i++) {
            items[i] = ids.index(u.items()[i], signature.itemCount(), signature.paddingId(), where);
        }
        return new IndexedUser(u.user(), items, u.devPosition(), u.testPosition());
    }

    public int beforeTest() {
        return testPosition < 0 ? items.length : testPosition;
    }

    public int trainLength() {
        return devPosition >= 0 ? devPosition : beforeTest();
    }

    /** The items before {@code end}, at most the newest {@code maxLength} of them. */
    public int[] historyBefore(int end, int maxLength) {
        int from = Math.max(0, end - maxLength);
        return java.util.Arrays.copyOfRange(items, from, end);
    }
}
