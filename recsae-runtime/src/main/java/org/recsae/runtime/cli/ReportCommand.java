package org.recsae.runtime.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.report.ReportStage;
import org.recsae.runtime.store.RunDirectory;

/** {@code recsae report}: the run as one self-contained HTML page. */
public final class ReportCommand implements Command {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "write a self-contained HTML report of the run: fidelity, concepts, steering (RUN/report.html)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
                        .desc("where to write the report (default RUN/report.html)").build());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        RunDirectory run = new RunDirectory(Path.of(line.getOptionValue("run")));
        Path out = line.hasOption("out") ? Path.of(line.getOptionValue("out")) : run.root().resolve("report.html");
        context.out().println("wrote " + ReportStage.run(run, out));
        return 0;
    }
}
