package org.recsae.runtime.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import java.util.Optional;
import org.recsae.runtime.data.LogFormat;
import org.recsae.runtime.data.LogOptions;
import org.recsae.spi.UsageException;
import org.recsae.runtime.descriptor.DescriptorReader;
import org.recsae.spi.ModelDescriptor;

/** Flags several commands share, defined once so their names and help stay the same everywhere. */
public final class CommonOptions {
    private CommonOptions() {
    }

    public static Option descriptor() {
        return Option.builder().longOpt("descriptor").hasArg().argName("D")
                .desc("model descriptor JSON (input roles, padding, max length, item id map)").build();
    }

    public static Option plugin() {
        return Option.builder().longOpt("plugin").hasArg().argName("NAME")
                .desc("use this plugin instead of asking each plugin to recognise the model").build();
    }

    public static Option json() {
        return Option.builder().longOpt("json").desc("print one JSON document on standard output").build();
    }

    public static Option model() {
        return Option.builder().longOpt("model").hasArg().argName("M").required().desc("the .onnx model file").build();
    }

    public static Option run() {
        return Option.builder().longOpt("run").hasArg().argName("RUN").required()
                .desc("run directory").build();
    }

    public static Option probe() {
        return Option.builder().longOpt("probe").hasArg().argName("TENSOR")
                .desc("tensor to probe instead of the discovered one (see inspect)").build();
    }

    /** The interaction-log flags: the data path and, for generic files, the format and columns. */
    public static Options addData(Options options) {
        return options
                .addOption(Option.builder().longOpt("data").hasArg().argName("D").required()
                        .desc("interaction log: a folder (ratings.csv, u.data, ReChorus train.csv) or a file").build())
                .addOption(Option.builder().longOpt("format").hasArg().argName("F")
                        .desc("log format: rechorus, movielens_csv, movielens_100k, generic_csv (default: detected)").build())
                .addOption(Option.builder().longOpt("user-col").hasArg().argName("NAME")
                        .desc("generic CSV: user id column (default user_id)").build())
                .addOption(Option.builder().longOpt("item-col").hasArg().argName("NAME")
                        .desc("generic CSV: item id column (default item_id)").build())
                .addOption(Option.builder().longOpt("time-col").hasArg().argName("NAME")
                        .desc("generic CSV: time column (default time; empty for file order)").build())
                .addOption(Option.builder().longOpt("separator").hasArg().argName("C")
                        .desc("generic CSV: field separator, one character or 'tab' (default ,)").build());
    }

    public static LogOptions logOptions(CommandLine line) {
        LogOptions.Builder b = logColumns(line);
        if (line.hasOption("format")) {
            String f = line.getOptionValue("format");
            try {
                b.optFormat(LogFormat.valueOf(f.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--format must be one of rechorus, movielens_csv, movielens_100k, generic_csv;"
                        + " found '" + f + "'");
            }
        }
        return b.build();
    }

    /** The column and separator flags alone, for readers with formats of their own (Parquet on Spark). */
    public static LogOptions.Builder logColumns(CommandLine line) {
        LogOptions.Builder b = LogOptions.builder();
        if (line.hasOption("user-col") || line.hasOption("item-col") || line.hasOption("time-col")) {
            b.optColumns(line.getOptionValue("user-col", "user_id"), line.getOptionValue("item-col", "item_id"),
                    line.getOptionValue("time-col", "time"));
        }
        if (line.hasOption("separator")) {
            b.optSeparator(line.getOptionValue("separator"));
        }
        return b;
    }

    public static Optional<Path> descriptorPath(CommandLine line) {
        return Optional.ofNullable(line.getOptionValue("descriptor")).map(Path::of);
    }

    public static int intValue(CommandLine line, String option, int fallback) {
        String v = line.getOptionValue(option);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be an integer, found '" + v + "'");
        }
    }

    public static ModelDescriptor readDescriptor(CommandLine line) {
        return line.hasOption("descriptor") ? DescriptorReader.read(Path.of(line.getOptionValue("descriptor")))
                : ModelDescriptor.empty();
    }
}
