package org.recsae.runtime.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.recsae.runtime.data.IndexedUser;

/**
 * The windows capture cuts and the history a later stage rebuilds for each row ({@link CaptureWindow.Windowing#start})
 * must agree, or interpretation would mask the wrong items; checked on random users of every length.
 */
class CaptureWindowTest {

    @Test
    void everyRowsRebuiltHistoryStartsWhereItsWindowStarted() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + rng.nextInt(180);
            int maxLength = 1 + rng.nextInt(60);
            int[] items = rng.ints(n, 1, 1000).toArray();
            IndexedUser user = new IndexedUser(trial, items, n >= 3 ? n - 2 : -1, n >= 2 ? n - 1 : -1);
            for (boolean perPosition : new boolean[] {true, false}) {
                CaptureWindow.Windowing windowing = CaptureWindow.Windowing.of(Positions.ALL, perPosition);
                List<CaptureWindow> windows = CaptureWindow.plan(user, Positions.ALL, maxLength, perPosition);
                int rows = 0;
                int lastPosition = -1;
                for (CaptureWindow w : windows) {
                    assertTrue(w.length() >= 1 && w.length() <= maxLength, w.toString());
                    for (int j = w.everyPosition() ? 0 : w.length() - 1; j < w.length(); j++) {
                        int position = w.from() + j;
                        assertEquals(w.from(), windowing.start(user.beforeTest(), position, maxLength),
                                windowing + " row at position " + position + " of " + w);
                        assertEquals(lastPosition + 1, position, "one row per interaction, in order");
                        lastPosition = position;
                        rows++;
                    }
                }
                assertEquals(user.beforeTest(), rows, "every interaction before the test item gets one row");
            }
            List<CaptureWindow> last = CaptureWindow.plan(user, Positions.LAST, maxLength, true);
            if (user.testPosition() > 0) {
                CaptureWindow w = last.get(0);
                assertEquals(CaptureWindow.Windowing.PREFIXES.start(user.beforeTest(), w.to() - 1, maxLength), w.from());
            } else {
                assertTrue(last.isEmpty());
            }
        }
    }
}
