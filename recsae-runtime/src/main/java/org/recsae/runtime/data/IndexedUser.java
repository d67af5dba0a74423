package org.recsae.runtime.data;

/**
 * A user's history in model item indices, with the split positions of {@link UserHistory}.
 */
public record IndexedUser(long user, int[] items, int devPosition, int testPosition) {
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
