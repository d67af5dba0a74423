package org.recsae.runtime.capture;

import java.util.Locale;
import org.recsae.spi.UsageException;

/** Which positions of each history a capture keeps. */
public enum Positions {
    /** The user state before each user's test item: one vector per evaluated user. */
    LAST,
    /** Every valid position of every training window: what an SAE trains on. */
    ALL;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Positions parse(String text) {
        for (Positions p : values()) {
            if (p.jsonName().equals(text)) {
                return p;
            }
        }
        throw new UsageException("--positions must be 'last' or 'all', found '" + text + "'");
    }
}
