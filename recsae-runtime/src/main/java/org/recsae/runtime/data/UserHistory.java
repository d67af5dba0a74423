package org.recsae.runtime.data;

/**
 * One user's interactions in time order, in raw item ids, with the split marked.
 *
 * @param devPosition index of the dev item in {@code items}, or -1
 * @param testPosition index of the test item in {@code items}, or -1 (a user with one interaction has none)
 */
public record UserHistory(long user, long[] items, int devPosition, int testPosition) {
    /** Items before the test item: what the model sees when asked to predict it. */
    public int beforeTest() {
        return testPosition < 0 ? items.length : testPosition;
    }

    /** Items before the dev item (the training part), or before the test item if there is no dev item. */
    public int trainLength() {
        if (devPosition >= 0) {
            return devPosition;
        }
        return beforeTest();
    }

    /** Without a given split: the last item is the test item, the one before it the dev item. */
    public static UserHistory leaveOneOut(long user, long[] items) {
        int n = items.length;
        return new UserHistory(user, items, n >= 3 ? n - 2 : -1, n >= 2 ? n - 1 : -1);
    }
}
