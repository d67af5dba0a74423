package org.recsae.runtime.interpret;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.recsae.spi.UsageException;

/** Reading an interpreter backend's {@code --interpreter-option} values, with messages that name the option. */
public final class InterpreterOptions {
    private InterpreterOptions() {
    }

    /** An option the backend does not know is a usage error that lists the ones it does. */
    public static void checkKnown(String backend, Map<String, String> options, Set<String> known) {
        for (String k : options.keySet()) {
            if (!known.contains(k)) {
                throw new UsageException("interpreter '" + backend + "' has no option '" + k + "'; its options are "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    public static double number(Map<String, String> options, String key, double fallback, double min, double max) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("interpreter option " + key + " must be a number in [" + min + ", " + max
                    + "], found '" + text + "'");
        }
    }

    public static int integer(Map<String, String> options, String key, int fallback, int min, int max) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("interpreter option " + key + " must be an integer in [" + min + ", " + max
                    + "], found '" + text + "'");
        }
    }
}
