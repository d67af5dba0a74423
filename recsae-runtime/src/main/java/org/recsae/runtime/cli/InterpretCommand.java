package org.recsae.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.interpret.InterpretConfig;
import org.recsae.runtime.interpret.InterpretStage;
import org.recsae.runtime.interpret.LatentChoice;
import org.recsae.runtime.interpret.LevelScheme;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.UsageException;

/** {@code recsae interpret}: the concept dictionary with verified confidences (RUN/concepts). */
public final class InterpretCommand implements Command {
    @Override
    public String name() {
        return "interpret";
    }

    @Override
    public String summary() {
        return "describe each latent as a concept and score the description on held-out sequences (RUN/concepts)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(Option.builder().longOpt("interpreter").hasArg().argName("NAME")
                        .desc("interpreter backend (default builtin: offline, deterministic)").build())
                .addOption(Option.builder().longOpt("latents").hasArg().argName("all|N|ID,ID,...")
                        .desc("every alive latent (default), the N most active, or ids with a comma ('5,')").build())
                .addOption(Option.builder().longOpt("levels").hasArg().argName("global|latent-max")
                        .desc("activation levels: global deciles of all activations (default) or tenths of each "
                                + "latent's maximum").build())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("N")
                        .desc("seed for choosing the sequences (default 42)").build())
                .addOption(Option.builder().longOpt("history").hasArg().argName("N")
                        .desc("newest history items shown per sequence (default 9)").build())
                .addOption(Option.builder().longOpt("withhold").hasArg().argName("FIELD")
                        .desc("item field hidden in the genre-recovery control (default: genres or category)").build())
                .addOption(Option.builder().longOpt("interpreter-option").hasArg().argName("KEY=VALUE")
                        .desc("a backend setting; repeatable").build())
                .addOption(llm("url", "URL", "OpenAI-compatible server, e.g. http://localhost:11434/v1 for Ollama "
                        + "(else OPENAI_BASE_URL)"))
                .addOption(llm("model", "NAME", "model name on that server (else OPENAI_MODEL); for llamacpp a GGUF "
                        + "file"))
                .addOption(llm("key-file", "FILE", "a file holding the API key (else OPENAI_API_KEY); the key is never "
                        + "printed or written"))
                .addOption(llm("cache", "DIR", "where replies are cached (default RUN/concepts/cache/llm); share one "
                        + "between runs"))
                .addOption(llm("concurrency", "N", "requests in flight at once (default 4)"))
                .addOption(llm("timeout", "SECONDS", "per request (default 60)"))
                .addOption(llm("prompts", "DIR", "a folder of edited explain.prompt / predict.prompt templates"))
                .addOption(CommonOptions.json());
    }

    private static Option llm(String name, String arg, String desc) {
        return Option.builder().longOpt("llm-" + name).hasArg().argName(arg).desc(desc).build();
    }

    /** The --llm-* flags as interpreter options, under the names the LLM backends read. */
    private static final String[][] LLM_FLAGS = {{"url", "url"}, {"model", "model"}, {"key-file", "key_file"},
        {"cache", "cache"}, {"concurrency", "concurrency"}, {"timeout", "timeout_s"}, {"prompts", "prompts"}};

    @Override
    public int run(CommandLine line, CliContext context) {
        InterpretConfig.Builder b = InterpretConfig.builder();
        if (line.hasOption("interpreter")) {
            b.interpreter(line.getOptionValue("interpreter"));
        }
        if (line.hasOption("latents")) {
            b.latents(LatentChoice.parse(line.getOptionValue("latents")));
        }
        if (line.hasOption("levels")) {
            b.levels(LevelScheme.parse(line.getOptionValue("levels")));
        }
        if (line.hasOption("seed")) {
            b.seed(CommonOptions.intValue(line, "seed", 42));
        }
        if (line.hasOption("history")) {
            b.historyShown(CommonOptions.intValue(line, "history", 9));
        }
        if (line.hasOption("withhold")) {
            b.withheldField(line.getOptionValue("withhold"));
        }
        for (String kv : line.getOptionValues("interpreter-option") == null ? new String[0]
                : line.getOptionValues("interpreter-option")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--interpreter-option must be KEY=VALUE, found '" + kv + "'");
            }
            b.interpreterOption(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String interpreter = line.getOptionValue("interpreter", "builtin");
        for (String[] f : LLM_FLAGS) {
            if (line.hasOption("llm-" + f[0])) {
                if (interpreter.equals("builtin")) {
                    throw new UsageException("--llm-" + f[0] + " is for the LLM interpreters (--interpreter openai or "
                            + "llamacpp); the builtin interpreter needs no model");
                }
                String v = line.getOptionValue("llm-" + f[0]);
                b.interpreterOption(f[1], f[1].equals("key_file") || f[1].equals("cache") || f[1].equals("prompts")
                        ? Path.of(v).toAbsolutePath().normalize().toString() : v);
            }
        }
        if (interpreter.equals("openai")) {
            // Recorded, so the run says which server and model wrote its concepts (never the key).
            putFromEnvironment(b, line, "url", "llm-url", "OPENAI_BASE_URL");
            putFromEnvironment(b, line, "model", "llm-model", "OPENAI_MODEL");
        }
        InterpretStage.Result r = InterpretStage.run(new RunDirectory(Path.of(line.getOptionValue("run"))), b.build(),
                context.err());
        ObjectNode s = r.summary();
        if (line.hasOption("json")) {
            context.out().print(Json.write(s));
            return 0;
        }
        context.out().printf(Locale.ROOT, "%d latents interpreted with %s (%d new, %d from the cache): %d scored, "
                        + "%d unscored (insufficient evidence)%n", s.path("interpreted").asInt(),
                s.path("interpreter").path("name").asText(), r.interpreted(), r.reused(), s.path("scored").asInt(),
                s.path("unscored").asInt());
        context.out().printf(Locale.ROOT, "over %s: %d at confidence >= 0.9 (%.1f%%), mean confidence %.3f "
                        + "(paper, Grocery: 8.3%%, 0.59)%n", s.path("over").asText(), s.path("count_at_0_9").asInt(),
                100 * s.path("share_at_0_9").asDouble(), s.path("mean_confidence").asDouble());
        context.out().printf(Locale.ROOT, "mean recall %.3f, mean precision %.3f; shuffled-description control: mean "
                        + "confidence %.3f%n", s.path("mean_recall").asDouble(), s.path("mean_precision").asDouble(),
                s.path("shuffled_mean_confidence").asDouble());
        JsonNode g = s.path("genres_recovered");
        if (g.isObject()) {
            context.out().printf(Locale.ROOT, "with '%s' withheld: mean confidence %.3f; %d of %d genres recovered%n",
                    g.path("field").asText(), s.path("withheld").path("mean_confidence").asDouble(),
                    g.path("recovered_count").asInt(), g.path("eligible_count").asInt());
        }
        context.out().println("-> " + r.directory());
        return 0;
    }

    private static void putFromEnvironment(InterpretConfig.Builder b, CommandLine line, String option, String flag,
                                           String env) {
        String v = System.getenv(env);
        // Flags and explicit options win over the environment.
        if (!line.hasOption(flag) && !b.hasInterpreterOption(option) && v != null && !v.isBlank()) {
            b.interpreterOption(option, v.strip());
        }
    }
}
