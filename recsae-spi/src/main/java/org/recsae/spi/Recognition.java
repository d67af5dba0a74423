package org.recsae.spi;

import java.util.Objects;
import java.util.Optional;

/** A plugin's answer to "is this graph yours?": a signature, or the reason it is not. */
public final class Recognition {
    private final ModelSignature signature;
    private final String reason;

    private Recognition(ModelSignature signature, String reason) {
        this.signature = signature;
        this.reason = reason;
    }

    public static Recognition accepted(ModelSignature signature) {
        return new Recognition(Objects.requireNonNull(signature), null);
    }

    /** @param reason one sentence a user can act on: what the plugin looked for and what it found instead */
    public static Recognition rejected(String reason) {
        return new Recognition(null, Objects.requireNonNull(reason));
    }

    public boolean isAccepted() {
        return signature != null;
    }

    public Optional<ModelSignature> signature() {
        return Optional.ofNullable(signature);
    }

    public String reason() {
        return reason == null ? "accepted" : reason;
    }
}
