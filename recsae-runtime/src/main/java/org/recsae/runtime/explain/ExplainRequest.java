package org.recsae.runtime.explain;

import java.util.List;

/**
 * What to explain: a user (raw id), the items (raw ids; empty means the user's top {@code top}), and whether the
 * history is the evaluation's (every interaction before the test item) or the whole log.
 */
public record ExplainRequest(long user, List<Long> items, int top, boolean wholeHistory) {
    public ExplainRequest {
        items = List.copyOf(items);
        if (top < 1 || top > 1000) {
            throw new org.recsae.spi.UsageException("--top must be between 1 and 1000, found " + top);
        }
    }
}
