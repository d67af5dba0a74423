package org.recsae.runtime.data;

/**
 * How a user's time-ordered items become a {@link UserHistory}: the log's own dev and test items appended
 * (ReChorus), or leave-one-out. Both readers build their histories here.
 */
final class HistorySplit {
    private final UserItems dev;
    private final UserItems test;

    private HistorySplit(UserItems dev, UserItems test) {
        this.dev = dev;
        this.test = test;
    }

    /** Reads the source's dev and test files, if it has them, numbering their rows after the training rows'. */
    static HistorySplit read(LogSource source, long trainRows) {
        if (!source.splitGiven()) {
            return new HistorySplit(null, null);
        }
        UserItems dev = UserItems.read(source.dev().orElseThrow(), trainRows);
        UserItems test = UserItems.read(source.test().orElseThrow(), trainRows + dev.size());
        return new HistorySplit(dev, test);
    }

    /** Rows in the dev and test files. */
    long rows() {
        return dev == null ? 0 : dev.size() + test.size();
    }

    UserHistory history(long user, long[] items) {
        if (dev == null) {
            return UserHistory.leaveOneOut(user, items);
        }
        long d = dev.item(user);
        long t = test.item(user);
        long[] all = java.util.Arrays.copyOf(items, items.length + (d >= 0 ? 1 : 0) + (t >= 0 ? 1 : 0));
        int k = items.length;
        int devPos = -1;
        int testPos = -1;
        if (d >= 0) {
            devPos = k;
            all[k++] = d;
        }
        if (t >= 0) {
            testPos = k;
            all[k] = t;
        }
        return new UserHistory(user, all, devPos, testPos);
    }
}
