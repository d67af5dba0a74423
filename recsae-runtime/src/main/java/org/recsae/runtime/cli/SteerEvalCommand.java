package org.recsae.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.steer.SteerEvalStage;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.UsageException;

/** {@code recsae steer-eval}: what scaling a latent does to test users' top-10 (paper section 5.4). */
public final class SteerEvalCommand implements Command {
    @Override
    public String name() {
        return "steer-eval";
    }

    @Override
    public String summary() {
        return "measure what scaling latents by 1, 2, 5, 10 does to test users' top-10 (RUN/steer/steer_eval.json)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(Option.builder().longOpt("latent").hasArg().argName("L")
                        .desc("a latent to evaluate (repeatable)").build())
                .addOption(Option.builder().longOpt("top").hasArg().argName("N")
                        .desc("evaluate the N most confident concepts (the most active latents before interpret) whose items are"
                                + " in at most half of the unsteered top-10s (default 10)").build())
                .addOption(CommonOptions.json());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        RunDirectory run = new RunDirectory(Path.of(line.getOptionValue("run")));
        List<Integer> latents = new ArrayList<>();
        if (line.getOptionValues("latent") != null) {
            for (String v : line.getOptionValues("latent")) {
                try {
                    latents.add(Integer.parseInt(v.trim()));
                } catch (NumberFormatException e) {
                    throw new UsageException("--latent must be an integer, found '" + v + "'");
                }
            }
        }
        int top = CommonOptions.intValue(line, "top", 10);
        ObjectNode doc = SteerEvalStage.run(run, latents, top, context.err());
        if (line.hasOption("json")) {
            context.out().print(Json.write(doc));
            return 0;
        }
        context.out().printf(Locale.ROOT, "%-7s %7s | %-34s | %s%n", "latent", "active", "share of active users at x1 x2 x5 x10",
                "HR@10 at x1 x10");
        for (JsonNode c : doc.path("concepts")) {
            JsonNode f = c.path("factors");
            context.out().printf(Locale.ROOT, "%-7d %7d | %7.2f %7.2f %7.2f %7.2f          | %.4f %.4f%n",
                    c.path("latent").asInt(), c.path("active_users").asInt(),
                    f.get(0).path("share_active_users").asDouble(), f.get(1).path("share_active_users").asDouble(),
                    f.get(2).path("share_active_users").asDouble(), f.get(3).path("share_active_users").asDouble(),
                    f.get(0).path("hr@10").asDouble(), f.get(3).path("hr@10").asDouble());
        }
        return 0;
    }
}
