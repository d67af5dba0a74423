package org.recsae.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.eval.EvaluationStage;
import org.recsae.runtime.eval.SpliceEvaluation;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.UsageException;

/** {@code recsae evaluate}: the model's ranking with the probe replaced by its SAE reconstruction (Table 4). */
public final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "compare the model's ranking with and without the SAE reconstruction spliced in (RUN/eval)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(Option.builder().longOpt("bootstrap").hasArg().argName("N")
                        .desc("paired-bootstrap resamples for the intervals (default 1000)").build())
                .addOption(CommonOptions.json());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        int bootstrap = CommonOptions.intValue(line, "bootstrap", 1000);
        if (bootstrap < 100) {
            throw new UsageException("--bootstrap must be at least 100, found " + bootstrap);
        }
        ObjectNode doc = EvaluationStage.run(new RunDirectory(Path.of(line.getOptionValue("run"))), bootstrap,
                context.err());
        if (line.hasOption("json")) {
            context.out().print(Json.write(doc));
            return 0;
        }
        context.out().printf(Locale.ROOT, "test users %d; history excluded, ties against the target%n",
                doc.path("test_users").asInt());
        context.out().printf(Locale.ROOT, "%-9s %9s %9s %9s   %s%n", "metric", "original", "sae", "change", "95% CI");
        for (int k : SpliceEvaluation.CUTOFFS) {
            for (String m : new String[] {"hr@" + k, "ndcg@" + k}) {
                JsonNode c = doc.path("change").path(m);
                context.out().printf(Locale.ROOT, "%-9s %9.4f %9.4f %+8.2f%%   [%+.4f, %+.4f]%n", m,
                        doc.path("original").path(m).asDouble(), doc.path("sae").path(m).asDouble(),
                        100 * c.path("relative").asDouble(), c.path("ci95").get(0).asDouble(),
                        c.path("ci95").get(1).asDouble());
            }
        }
        context.out().printf(Locale.ROOT, "test top-10 overlap %.3f%n", doc.path("test_top10_overlap").asDouble());
        JsonNode p = doc.path("all_positions");
        if (p.isObject()) {
            JsonNode change = p.path("ndcg@10_relative_change");
            context.out().printf(Locale.ROOT, "all positions: %d targets, next-item NDCG@10 %.4f -> %.4f (%s), "
                            + "top-10 overlap %.3f%n", p.path("targets").asLong(), p.path("ndcg@10_original").asDouble(),
                    p.path("ndcg@10_sae").asDouble(), change.isNumber()
                            ? String.format(Locale.ROOT, "%+.2f%%", 100 * change.asDouble()) : "no change defined at 0",
                    p.path("top10_overlap").asDouble());
        }
        return 0;
    }
}
