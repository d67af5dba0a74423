package org.recsae.runtime.data;

/**
 * A user's history in model item indices, with the split positions of {@link UserHistory}.
 */
public record IndexedUser(long user, int[] items, int devPosition, int testPosition) {
    /** Translates a history to model indices; an id outside the item table is an error naming the user and file. */
    public static IndexedUser of(UserHistory u, ItemIdMap ids, org.recsae.spi.ModelSignature signature, String file) {
        return of(u, ids, signature, new String[] {file});
    }

    /**
     * @param files the log's files: one, or ReChorus's train, dev and test, whose items come last in each history
     *              (at the dev and test positions), so an error names the file the bad id is in
     */
    public static IndexedUser of(UserHistory u, ItemIdMap ids, org.recsae.spi.ModelSignature signature,
                                 java.util.List<java.nio.file.Path> files) {
        String[] names = new String[files.size()];
        for (int f = 0; f < names.length; f++) {
            names[f] = files.get(f).getFileName().toString();
        }
        return of(u, ids, signature, names);
    }

    private static IndexedUser of(UserHistory u, ItemIdMap ids, org.recsae.spi.ModelSignature signature,
                                  String[] files) {
        int[] items = new int[u.items().length];
        String[] where = new String[files.length]; // built once per user and file: capture translates every user twice
        for (int i = 0; i < items.length; i++) {
            int f = files.length < 3 ? 0 : i == u.devPosition() ? 1 : i == u.testPosition() ? 2 : 0;
            if (where[f] == null) {
                where[f] = "user " + u.user() + " in " + files[f];
            }
            items[i] = ids.index(u.items()[i], signature.itemCount(), signature.paddingId(), where[f]);
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
