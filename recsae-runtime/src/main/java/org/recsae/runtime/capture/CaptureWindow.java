package org.recsae.runtime.capture;

import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.data.IndexedUser;

/**
 * One history fed to the head: {@code items[from, to)} of a user's sequence, keeping the probe's vector at every
 * position of it ({@code everyPosition}, [B,L,D] probes) or at the newest only.
 */
public record CaptureWindow(IndexedUser user, int from, int to, boolean everyPosition) {
    public int length() {
        return to - from;
    }

    /**
     * The windows of one user. Local and Spark capture both plan with this, so their rows agree.
     * <ul>
     * <li>{@code last}: the history before the test item, if the user has one.</li>
     * <li>{@code all} with per-position states: the sequence before the test item, cut from the end into
     * non-overlapping windows of the max length, oldest first ({@link Windowing#BLOCKS}).</li>
     * <li>{@code all} with a user state ([B,D]: one vector per history): one window per prefix of the sequence before
     * the test item, each its newest max-length items ({@link Windowing#PREFIXES}), so there is again one row per
     * interaction.</li>
     * </ul>
     */
    public static List<CaptureWindow> plan(IndexedUser user, Positions positions, int maxLength, boolean perPosition) {
        int end = user.beforeTest();
        if (positions == Positions.LAST) {
            return user.testPosition() > 0
                    ? List.of(new CaptureWindow(user, Math.max(0, end - maxLength), end, false)) : List.of();
        }
        List<CaptureWindow> mine = new ArrayList<>();
        if (!perPosition) {
            for (int to = 1; to <= end; to++) {
                mine.add(new CaptureWindow(user, Math.max(0, to - maxLength), to, false));
            }
            return mine;
        }
        for (int to = end; to > 0; to -= maxLength) {
            mine.add(0, new CaptureWindow(user, Math.max(0, to - maxLength), to, true));
        }
        return mine;
    }

    /** The number of vectors this window yields. */
    public int vectors() {
        return everyPosition ? length() : 1;
    }

    /** How a capture cut the histories, as its manifest records it ({@code parameters.windows}). */
    public enum Windowing {
        /** Non-overlapping max-length windows cut from the end; a row saw its window up to its position. */
        BLOCKS,
        /** One window per row; a row saw the newest max-length items up to its position. */
        PREFIXES;

        public static Windowing of(Positions positions, boolean perPosition) {
            return positions == Positions.ALL && perPosition ? BLOCKS : PREFIXES;
        }

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * Where the history that row {@code position} saw starts, for a user whose sequence before the test item
         * ends at {@code end}: what {@link CaptureWindow#plan} cut, read back from a row.
         */
        public int start(int end, int position, int maxLength) {
            if (this == PREFIXES) {
                return Math.max(0, position + 1 - maxLength);
            }
            int k = Math.max(0, (end - 1 - position) / maxLength);
            return Math.max(0, end - k * maxLength - maxLength);
        }

        /** From a manifest; captures from before this field cut blocks. */
        public static Windowing parse(String value) {
            return "prefixes".equals(value) ? PREFIXES : BLOCKS;
        }
    }
}
