package org.recsae.runtime.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CapturedPrefixesTest {
    @Test
    void windowStartFollowsCapturesWindowsCutFromTheEnd() {
        for (int maxLength : new int[] {1, 3, 50}) {
            for (int end = 1; end <= 160; end++) {
                // capture: windows [max(0, to - L), to) for to = end, end - L, ... while to > 0
                for (int to = end; to > 0; to -= maxLength) {
                    int from = Math.max(0, to - maxLength);
                    for (int p = from; p < to; p++) {
                        assertEquals(from, CapturedPrefixes.windowStart(end, p, maxLength),
                                "end " + end + ", position " + p + ", L " + maxLength);
                    }
                }
            }
        }
    }
}
