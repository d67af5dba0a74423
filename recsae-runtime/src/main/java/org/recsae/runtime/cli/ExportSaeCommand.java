package org.recsae.runtime.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.sae.SaeExport;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.UsageException;

/** {@code recsae export-sae}: the run's SAE in another tool's layout. */
public final class ExportSaeCommand implements Command {
    @Override
    public String name() {
        return "export-sae";
    }

    @Override
    public String summary() {
        return "write the run's SAE in the SAELens or sparsify layout to a folder";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.run())
                .addOption(Option.builder().longOpt("format").hasArg().argName("saelens|sparsify").required()
                        .desc("target layout").build())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                        .desc("folder to write (created if missing)").build());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        RunDirectory run = new RunDirectory(Path.of(line.getOptionValue("run")));
        Path out = Path.of(line.getOptionValue("out"));
        String format = line.getOptionValue("format");
        switch (format) {
            case "saelens" -> SaeExport.saelens(run, out);
            case "sparsify" -> SaeExport.sparsify(run, out);
            default -> throw new UsageException("--format must be saelens or sparsify, found '" + format + "'");
        }
        context.out().println("wrote the " + format + " layout to " + out.toAbsolutePath());
        return 0;
    }
}
