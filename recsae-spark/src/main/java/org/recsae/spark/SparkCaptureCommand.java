package org.recsae.spark;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.spark.sql.SparkSession;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.cli.CaptureCommand;
import org.recsae.runtime.cli.CliContext;
import org.recsae.runtime.cli.Command;
import org.recsae.runtime.cli.CommonOptions;
import org.recsae.runtime.progress.Progress;
import org.recsae.spi.RuntimeFailureException;
import org.recsae.spi.UsageException;

/** {@code capture} on Spark: the local capture's flags, plus how to split the work. */
public final class SparkCaptureCommand implements Command {
    @Override
    public String name() {
        return "capture (Spark)";
    }

    @Override
    public String summary() {
        return "capture the probe's activations over a CSV or Parquet log on Spark into RUN/activations; the run "
                + "directory must be on a file system the driver and every executor see";
    }

    @Override
    public Options options() {
        return CaptureCommand.sharedOptions()
                .addOption(Option.builder().longOpt("partitions").hasArg().argName("N")
                        .desc("user ranges to split the log into, one task each (default: Spark's default parallelism)")
                        .build())
                .addOption(Option.builder().longOpt("shard-mb").hasArg().argName("MB")
                        .desc("largest .npy shard in MiB (default 256)").build());
    }

    @Override
    public int run(CommandLine line, CliContext context) {
        boolean parquet = CapturedRun.PARQUET.equals(line.getOptionValue("format"));
        org.recsae.runtime.capture.CaptureConfig.Builder capture = CaptureCommand.configFrom(line,
                parquet ? CommonOptions.logColumns(line).build() : CommonOptions.logOptions(line));
        if (line.hasOption("shard-mb")) {
            capture.optShardBytes((long) CommonOptions.intValue(line, "shard-mb", 256) << 20);
        }
        SparkCaptureConfig.Builder b = SparkCaptureConfig.builder().setCapture(capture.build()).optParquet(parquet);
        if (line.hasOption("partitions")) {
            b.optPartitions(CommonOptions.intValue(line, "partitions", 0));
        }
        SparkCaptureConfig config = b.build();
        SparkSession spark = session();
        try {
            CaptureCommand.printResult(SparkCaptureStage.run(spark, config, context.err()), context.out());
        } finally {
            spark.stop();
        }
        return 0;
    }

    private static SparkSession session() {
        try {
            return SparkSession.builder().appName("recsae capture")
                    .config("spark.ui.showConsoleProgress", Progress.isInteractive()).getOrCreate();
        } catch (Exception e) { // SparkException is checked in Scala's eyes but undeclared in Java's
            if (String.valueOf(e.getMessage()).contains("master URL")) {
                throw new UsageException("no Spark master is set: run through spark-submit --master URL (see the "
                        + "README), or set -Dspark.master=local[N]");
            }
            throw new RuntimeFailureException("Spark does not start: " + e.getMessage(), e);
        }
    }
}
