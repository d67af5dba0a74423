package org.recsae.runtime.interpret.llm;

import java.nio.file.Path;
import java.util.Map;
import org.recsae.spi.UsageException;
import org.recsae.spi.interpret.InterpreterContext;

/** The LLM backends' own options: the ones that fall back to the environment, and the reply cache's folder. */
final class LlmOptions {
    private LlmOptions() {
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


    /** Where replies are cached: the {@code cache} option, else {@code llm/} in the run's interpret cache. */
    static Path cacheDir(Map<String, String> o, InterpreterContext context) {
        return o.containsKey("cache") ? Path.of(o.get("cache")) : context.cacheDirectory().resolve("llm");
    }
}
