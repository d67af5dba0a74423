package org.recsae.runtime.data;

/** One row of an interaction log, in raw ids; {@code order} is its position in the file (ties in time keep it). */
public record Interaction(long user, long item, long time, long order) {
}
