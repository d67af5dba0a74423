package org.recsae.runtime.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.recsae.runtime.descriptor.DescriptorReader;
import org.recsae.spi.ModelDescriptor;

/** Flags several commands share, defined once so their names and help stay the same everywhere. */
final class CommonOptions {
    private CommonOptions() {
    }

    static Option descriptor() {
        return Option.builder().longOpt("descriptor").hasArg().argName("D")
                .desc("model descriptor JSON (input roles, padding, max length, item id map)").build();
    }

    static Option plugin() {
        return Option.builder().longOpt("plugin").hasArg().argName("NAME")
                .desc("use this plugin instead of asking each plugin to recognise the model").build();
    }

    static Option json() {
        return Option.builder().longOpt("json").desc("print one JSON document on standard output").build();
    }

    static ModelDescriptor readDescriptor(CommandLine line) {
        return line.hasOption("descriptor") ? DescriptorReader.read(Path.of(line.getOptionValue("descriptor")))
                : ModelDescriptor.empty();
    }
}
