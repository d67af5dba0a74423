package org.recsae.runtime.interpret;

import java.util.Locale;
import org.recsae.spi.UsageException;

/** How activation values become levels 1..10 (0 stays inactive). */
public enum LevelScheme {
    /** Deciles of every non-zero activation of every latent, as the RecSAE authors' scripts bin them. */
    GLOBAL_DECILES("global"),
    /** Tenths of each latent's own maximum, so weakly firing latents still reach the high levels. */
    LATENT_MAX("latent-max");

    private final String jsonName;

    LevelScheme(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static LevelScheme parse(String text) {
        for (LevelScheme s : values()) {
            if (s.jsonName.equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new UsageException("--levels must be 'global' or 'latent-max', found '" + text + "'");
    }
}
