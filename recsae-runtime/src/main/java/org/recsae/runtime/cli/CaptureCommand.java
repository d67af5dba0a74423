package org.recsae.runtime.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.recsae.runtime.capture.ActivationCapture;
import org.recsae.runtime.capture.CaptureConfig;
import org.recsae.runtime.capture.Positions;
import org.recsae.runtime.data.LogOptions;

/** {@code recsae capture}: the probe's activations over the log, into {@code RUN/activations/*.npy}. */
public final class CaptureCommand implements Command {
    @Override
    public String name() {
        return "capture";
    }

    @Override
    public String summary() {
        return "capture the probe's activations over an interaction log into RUN/activations (.npy shards)";
    }

    @Override
    public Options options() {
        return sharedOptions()
                .addOption(Option.builder().longOpt("device").hasArg().argName("cpu|cuda")
                        .desc("where the head graph runs (default cpu; cuda needs the -Pcuda build and a GPU)")
                        .build());
    }

    /** The flags every capture takes, wherever it runs (the Spark capture adds its own to these). */
    public static Options sharedOptions() {
        return CommonOptions.addData(new Options()
                .addOption(CommonOptions.model())
                .addOption(Option.builder().longOpt("run").hasArg().argName("RUN").required()
                        .desc("run directory (created if missing)").build())
                .addOption(CommonOptions.descriptor())
                .addOption(CommonOptions.plugin())
                .addOption(CommonOptions.probe())
                .addOption(Option.builder().longOpt("positions").hasArg().argName("last|all")
                        .desc("all (default): a vector per interaction, every position of every window for [B,L,D] states, "
                                + "every prefix for a [B,D] user state; last: one state per test user")
                        .build())
                .addOption(Option.builder().longOpt("batch").hasArg().argName("N")
                        .desc("histories per ONNX Runtime call (default " + CaptureConfig.DEFAULT_BATCH + ")").build()));
    }

    /** A config from the shared flags, the log read with {@code logOptions}. */
    public static CaptureConfig.Builder configFrom(CommandLine line, LogOptions logOptions) {
        CaptureConfig.Builder b = CaptureConfig.builder()
                .setModel(Path.of(line.getOptionValue("model")))
                .setData(Path.of(line.getOptionValue("data")))
                .setRun(Path.of(line.getOptionValue("run")))
                .optDescriptor(CommonOptions.descriptorPath(line).orElse(null))
                .optPlugin(line.getOptionValue("plugin"))
                .optProbe(line.getOptionValue("probe"))
                .optLogOptions(logOptions)
                .optBatchSize(CommonOptions.intValue(line, "batch", CaptureConfig.DEFAULT_BATCH));
        if (line.hasOption("positions")) {
            b.optPositions(Positions.parse(line.getOptionValue("positions")));
        }
        return b;
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        CaptureConfig.Builder b = configFrom(line, CommonOptions.logOptions(line));
        if (line.hasOption("device")) {
            b.optDevice(line.getOptionValue("device"));
        }
        printResult(ActivationCapture.run(b.build(), context.err()), context.out());
        return 0;
    }

    /** The one-line summary both captures print. */
    public static void printResult(ActivationCapture.Result r, java.io.PrintStream out) {
        out.printf(Locale.ROOT, "captured %,d vectors of width %d from %,d histories (%s) into %s (%d shard%s)"
                        + " in %.1fs, %,.0f vectors/s%n", r.vectors(), r.width(), r.windows(), r.probe(), r.directory(),
                r.shards().size(), r.shards().size() == 1 ? "" : "s", r.seconds(), r.vectors() / Math.max(r.seconds(), 1e-9));
    }
}
