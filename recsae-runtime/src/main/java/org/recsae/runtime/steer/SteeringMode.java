package org.recsae.runtime.steer;

import java.util.Locale;
import org.recsae.spi.UsageException;

/** How the steered latents re-enter the model. */
public enum SteeringMode {
    /** {@code x + W_dec(z' - z)}: only the change is added, so unsteered latents (and the SAE's error) pass through. */
    DELTA,
    /** {@code W_dec z' + b_dec}: the paper's splice; the reconstruction replaces the state outright. */
    REPLACE;

    public static SteeringMode parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mode must be delta or replace, found '" + text + "'");
        }
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
