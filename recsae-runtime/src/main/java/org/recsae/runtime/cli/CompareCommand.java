package org.recsae.runtime.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.compare.CompareConfig;
import org.recsae.runtime.compare.CompareStage;
import org.recsae.spi.UsageException;

/** {@code recsae compare}: two interpreted runs over one catalogue, concept by concept. */
public final class CompareCommand implements Command {
    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "match the concepts of two interpreted runs over the same catalogue (DIR/comparison.json, report.html)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("run").hasArg().argName("RUN").required()
                        .desc("a run to compare; give it twice (A, then B)").build())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                        .desc("folder for comparison.json, pairs.csv and report.html").build())
                .addOption(Option.builder().longOpt("stability").hasArg().argName("RUN")
                        .desc("another SAE of A's or B's model (e.g. another --seed), matched against it as a "
                                + "stability baseline; repeatable").build())
                .addOption(Option.builder().longOpt("threshold").hasArg().argName("COS")
                        .desc("cosine a match must reach (default " + CompareConfig.DEFAULT_THRESHOLD + ")").build())
                .addOption(Option.builder().longOpt("min-prefixes").hasArg().argName("N")
                        .desc("leave out of a model's profiles the items it ranks first at fewer prefixes (default "
                                + CompareConfig.DEFAULT_MIN_PREFIXES + ")").build())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("N")
                        .desc("seed of the shuffled-profile control (default 1)").build());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        String[] runs = line.getOptionValues("run");
        if (runs.length != 2) {
            throw new UsageException("compare takes exactly two runs (--run A --run B), found " + runs.length);
        }
        CompareConfig.Builder b = CompareConfig.builder().setRuns(Path.of(runs[0]), Path.of(runs[1]))
                .setOut(Path.of(line.getOptionValue("out")))
                .optSeed(CommonOptions.intValue(line, "seed", 1))
                .optMinPrefixes(CommonOptions.intValue(line, "min-prefixes", CompareConfig.DEFAULT_MIN_PREFIXES));
        if (line.hasOption("threshold")) {
            b.optThreshold(doubleValue(line.getOptionValue("threshold")));
        }
        if (line.hasOption("stability")) {
            for (String s : line.getOptionValues("stability")) {
                b.addStability(Path.of(s));
            }
        }
        CompareStage.Result r = CompareStage.run(b.build(), context.err());
        context.out().printf(Locale.ROOT, "A's alive latents with a match in B at cosine >= threshold: %.1f%% "
                + "(B's in A: %.1f%%; against B shuffled: %.1f%%); %d one-to-one pairs%n", 100 * r.matchedA(),
                100 * r.matchedB(), 100 * r.shuffledA(), r.pairs());
        for (double[] s : r.stability()) {
            context.out().printf(Locale.ROOT, "stability run: %.1f%% matched (shuffled %.1f%%)%n", 100 * s[0],
                    100 * s[1]);
        }
        context.out().println("-> " + r.out().resolve("report.html"));
        return 0;
    }

    private static double doubleValue(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--threshold must be a number, found '" + v + "'");
        }
    }
}
