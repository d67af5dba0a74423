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
import org.recsae.runtime.explain.ExplainRequest;
import org.recsae.runtime.explain.RecommendationExplainer;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.UsageException;

/** {@code recsae explain}: the concepts behind a user's recommendations, with each one's share of the score. */
public final class ExplainCommand implements Command {
    private static final int SHOWN = 5;

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String summary() {
        return "split a user's recommendation scores into the SAE concepts behind them (RUN/explain)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(Option.builder().longOpt("user").hasArg().argName("U").required()
                        .desc("the user's raw id, as in the log (repeatable: one explanation each)").build())
                .addOption(Option.builder().longOpt("item").hasArg().argName("I")
                        .desc("an item to explain, by raw id (repeatable); default the user's top N").build())
                .addOption(Option.builder().longOpt("top").hasArg().argName("N")
                        .desc("how many top items to explain without --item (default 10)").build())
                .addOption(Option.builder().longOpt("history").hasArg().argName("test|all")
                        .desc("the evaluation's history before the test item (default) or the whole log").build())
                .addOption(CommonOptions.json());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        List<Long> users = new ArrayList<>();
        for (String v : line.getOptionValues("user")) {
            users.add(parseId(v, "--user"));
        }
        List<Long> items = new ArrayList<>();
        if (line.getOptionValues("item") != null) {
            for (String v : line.getOptionValues("item")) {
                items.add(parseId(v, "--item"));
            }
        }
        String history = line.getOptionValue("history", "test");
        if (!history.equals("test") && !history.equals("all")) {
            throw new UsageException("--history must be 'test' or 'all', found '" + history + "'");
        }
        int top = CommonOptions.intValue(line, "top", 10);
        List<ExplainRequest> requests = users.stream().map(u -> new ExplainRequest(u, items, top,
                history.equals("all"))).toList();
        long start = System.nanoTime();
        List<ObjectNode> docs = RecommendationExplainer.explainAll(new RunDirectory(Path.of(line.getOptionValue("run"))),
                requests);
        context.err().printf(Locale.ROOT, "explained %d user(s) in %.2f s%n", users.size(),
                (System.nanoTime() - start) / 1e9);
        if (line.hasOption("json")) {
            // One user: the explanation itself; several: a list of them.
            if (docs.size() == 1) {
                context.out().print(Json.write(docs.get(0)));
            } else {
                com.fasterxml.jackson.databind.node.ArrayNode all = Json.MAPPER.createArrayNode();
                docs.forEach(all::add);
                context.out().print(Json.write(all));
            }
            return 0;
        }
        for (ObjectNode doc : docs) {
            print(doc, context);
        }
        return 0;
    }

    private static void print(ObjectNode doc, CliContext context) {
        long user = doc.path("user").asLong();
        context.out().printf("user %d, %d history items; score = base + residual + concepts%s%n", user,
                doc.path("history_length").asInt(), doc.path("affine").asBoolean() ? "" : " + interaction");
        for (JsonNode it : doc.path("items")) {
            double concepts = 0;
            for (JsonNode c : it.path("contributions")) {
                concepts += c.path("contribution").asDouble();
            }
            context.out().printf(Locale.ROOT, "#%-3d %s  score %.3f = base %.3f + residual %.3f + concepts %.3f%n",
                    it.path("rank").asInt(), it.path("title").asText(), it.path("score").asDouble(),
                    it.path("base").asDouble(), it.path("residual").asDouble(), concepts);
            int shown = 0;
            for (JsonNode c : it.path("contributions")) {
                if (shown++ == SHOWN) {
                    break;
                }
                context.out().printf(Locale.ROOT, "       %+8.3f  latent %-5d %s%n", c.path("contribution").asDouble(),
                        c.path("latent").asInt(), c.path("description").isNull() ? "(not interpreted)"
                                : c.path("description").asText() + " (confidence " + c.path("confidence").asText()
                                + ")");
            }
        }
        if (doc.has("note")) {
            context.out().println("note: " + doc.path("note").asText());
        }
    }

    private static long parseId(String text, String flag) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a non-negative integer id, found '" + text + "'");
        }
    }
}
