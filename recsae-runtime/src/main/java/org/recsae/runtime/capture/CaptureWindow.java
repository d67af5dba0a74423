package org.recsae.runtime.capture;

import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.data.IndexedUser;

/**
 * One history fed to the head: {@code items[from, to)} of a user's sequence. {@code all} keeps every position of
 * it, {@code last} only the newest.
 */
public record CaptureWindow(IndexedUser user, int from, int to) {
    public int length() {
        return to - from;
    }

    /**
     * The windows of one user. {@code last}: the history before the test item, if the user has one.
     * {@code all}: the sequence before the test item, cut from the end into non-overlapping windows of the max
     * length, oldest first. Local and Spark capture both plan with this, so their rows agree.
     */
    public static List<CaptureWindow> plan(IndexedUser user, Positions positions, int maxLength) {
        int end = user.beforeTest();
        if (positions == Positions.LAST) {
            return user.testPosition() > 0 ? List.of(new CaptureWindow(user, Math.max(0, end - maxLength), end))
                    : List.of();
        }
        List<CaptureWindow> mine = new ArrayList<>();
        for (int to = end; to > 0; to -= maxLength) {
            mine.add(0, new CaptureWindow(user, Math.max(0, to - maxLength), to));
        }
        return mine;
    }

    /** The number of vectors this window yields. */
    public int vectors(Positions positions) {
        return positions == Positions.ALL ? length() : 1;
    }
}
