package org.recsae.runtime.interpret.llm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.recsae.spi.UsageException;
import org.recsae.spi.interpret.InterpreterContext;

/** Reading the LLM backends' options, with messages that name the option and the flag that sets it. */
final class LlmOptions {
    private LlmOptions() {
    }

    static void checkKnown(String backend, Map<String, String> o, Set<String> known) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new UsageException("interpreter '" + backend + "' has no option '" + k + "'; its options are "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    static String required(Map<String, String> o, String key, String env, String flag) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            v = env == null ? null : System.getenv(env);
        }
        if (v == null || v.isBlank()) {
            throw new UsageException("the LLM interpreter needs its " + key + ": give " + flag
                    + (env == null ? "" : " or set " + env));
        }
        return v.strip();
    }

    static int integer(Map<String, String> o, String key, int fallback, int min, int max) {
        String t = o.get(key);
        if (t == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(t.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("interpreter option " + key + " must be an integer in [" + min + ", " + max
                    + "], found '" + t + "'");
        }
    }

    /** Where replies are cached: the {@code cache} option, else {@code llm/} in the run's interpret cache. */
    static Path cacheDir(Map<String, String> o, InterpreterContext context) {
        return o.containsKey("cache") ? Path.of(o.get("cache")) : context.cacheDirectory().resolve("llm");
    }
}
