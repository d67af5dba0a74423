package org.recsae.spi.interpret;

/**
 * Thrown by a session when one latent cannot be interpreted: an LLM's reply that is not a level, or a request that
 * kept failing. The latent is recorded as unscored with this reason and the run goes on. A transient failure (a
 * timeout, a server error) is not cached, so a rerun tries the latent again.
 */
public class LatentNotInterpretable extends RuntimeException {
    private final boolean transientFailure;

    public LatentNotInterpretable(String reason, boolean transientFailure, Throwable cause) {
        super(reason, cause);
        this.transientFailure = transientFailure;
    }

    public LatentNotInterpretable(String reason) {
        this(reason, false, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
