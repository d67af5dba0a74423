package org.recsae.runtime.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.probe.ProbeDiscovery;
import org.recsae.runtime.probe.ProbeReport;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.RecommenderPlugins;

/** {@code recsae inspect}: which plugin understands a model, its inputs and outputs, and what can be probed. */
public final class InspectCommand implements Command {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "show which plugin understands a model, its inputs and outputs, and the tensors that can be probed";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(CommonOptions.model())
                .addOption(CommonOptions.descriptor())
                .addOption(CommonOptions.plugin())
                .addOption(CommonOptions.probe())
                .addOption(CommonOptions.json());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        OnnxModelFile model = OnnxModelFile.read(Path.of(line.getOptionValue("model")));
        ModelDescriptor descriptor = CommonOptions.readDescriptor(line);
        ProbeReport report = ProbeDiscovery.discover(model, descriptor, RecommenderPlugins.discover(),
                Optional.ofNullable(line.getOptionValue("plugin")), Optional.ofNullable(line.getOptionValue("probe")));
        if (line.hasOption("json")) {
            context.out().print(org.recsae.runtime.store.Json.write(ProbeReportJson.toJson(report)));
        } else {
            context.out().print(ProbeReportText.render(report));
        }
        return 0;
    }
}
