package org.recsae.runtime.capture;

import org.recsae.runtime.data.IndexedUser;

/** Receives captured vectors one by one, in capture order. */
@FunctionalInterface
public interface CapturedRowSink {
    /**
     * @param values the head's output, of which {@code values[offset, offset + width)} is this row's vector
     * @param position the index in the user's sequence of the newest item the vector has seen
     */
    void accept(float[] values, int offset, IndexedUser user, int position);
}
