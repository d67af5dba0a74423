package org.recsae.spi;

/** What an internal tensor proposed as a probe represents. */
public enum ProbeRole {
    /** [B,D]: the state dotted with item representations to produce the scores. */
    USER_STATE,
    /** [B,L,D]: per-position states the user state is selected from; what RecSAE trains on. */
    SEQUENCE_STATES,
    /** [B,L,D]: the residual stream after one transformer block, for mid-layer probes. */
    BLOCK_OUTPUT,
    /** A tensor the user named with {@code --probe}: [B,D] or [B,L,D], trusted as given. */
    CUSTOM;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
