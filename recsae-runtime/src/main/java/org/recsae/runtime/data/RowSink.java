package org.recsae.runtime.data;

/**
 * Receives a log file's rows one at a time as primitives, so a reader can keep them in arrays instead of one object
 * per row.
 */
@FunctionalInterface
interface RowSink {
    /** @param order the row's position in the log, which breaks ties in time */
    void accept(long user, long item, long time, long order);
}
