package org.recsae.runtime.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.pipeline.PipelineConfig;
import org.recsae.runtime.pipeline.PipelineRunner;
import org.recsae.runtime.pipeline.PipelineStage;

/** {@code recsae run --config pipeline.json}: every stage from capture to report, skipping what is up to date. */
public final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run the pipeline in a JSON config, capture to report, skipping stages that are up to date";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("config").hasArg().argName("FILE").required()
                        .desc("the pipeline config (JSON; see examples/movielens/pipeline.json)").build())
                .addOption(Option.builder().longOpt("run").hasArg().argName("RUN")
                        .desc("run directory, instead of the config's 'run'").build())
                .addOption(Option.builder().longOpt("from").hasArg().argName("STAGE")
                        .desc("rerun from this stage on (capture, train, evaluate, interpret, steer, steer-eval, "
                                + "explain, report)").build());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        Optional<PipelineStage> from = Optional.ofNullable(line.getOptionValue("from")).map(PipelineStage::parse);
        PipelineConfig config = PipelineConfig.read(Path.of(line.getOptionValue("config")),
                Optional.ofNullable(line.getOptionValue("run")).map(Path::of));
        PipelineRunner.Outcome outcome = PipelineRunner.run(config, from,
                args -> Main.run(context.debug() ? prepend("--debug", args) : args, context.out(), context.err()),
                context.err());
        return outcome.exitCode();
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
