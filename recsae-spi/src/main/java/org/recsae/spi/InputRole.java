package org.recsae.spi;

/** What a model input carries. */
public enum InputRole {
    /** Item indices of the user's history, [B,L], padded. */
    HISTORY,
    /** Number of valid items in each history row, [B]. */
    LENGTHS,
    /** Item indices to score, [B,C], for models that score given candidates instead of the whole catalogue. */
    CANDIDATES;

    /** The lower-case name used in descriptors and JSON output. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
