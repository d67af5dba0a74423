package org.recsae.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.recsae.runtime.capture.CaptureManifest;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.data.LogFile;
import org.recsae.runtime.data.LogOptions;
import org.recsae.runtime.data.LogSource;
import org.recsae.spi.BadInputException;
import org.recsae.spi.RuntimeFailureException;

/**
 * The interaction log as Spark reads it: the layouts the local reader knows, from the same {@link LogSource}
 * (MovieLens CSV and u.data, ReChorus {@code train.csv} without its own split, generic CSV), and Parquet, as rows of user, item, time and read order.
 * {@code columns} names the user, item and time columns as the file calls them. Ties in time are broken by the order
 * Spark reads the rows, taken before any shuffle: for one CSV file that is the file's order (its splits are read
 * in offset order); across several files or Parquet parts Spark orders the splits by size, so a log whose ties
 * matter should be one file, or carry a time column without ties. The read order is taken before any shuffle, so that ties in time keep the file's order, as the local reader's
 * stable sort does.
 */
record SparkLog(CaptureManifest.LogInput input, String label, List<String> columns, Dataset<Row> rows) {
    static final String USER = "u";
    static final String ITEM = "i";
    static final String TIME = "t";
    static final String ORDER = "o";
    static final String USER_TEXT = "u_text";
    static final String ITEM_TEXT = "i_text";
    static final String TIME_TEXT = "t_text";

    static SparkLog read(SparkSession spark, Path data, LogOptions options, boolean parquet) {
        if (!Files.exists(data)) {
            throw new BadInputException("data " + data + " does not exist; expected a log file or a folder holding one");
        }
        if (parquet) {
            List<Path> files = filesUnder(data, ".parquet");
            if (files.isEmpty()) {
                throw new BadInputException("data " + data + ": --format parquet, but it holds no .parquet file");
            }
            Dataset<Row> raw = spark.read().parquet(data.toString());
            return of(new CaptureManifest.LogInput(data, CapturedRun.PARQUET, files), data.toString(), raw,
                    options.userColumn(), options.itemColumn(), options.timeColumn());
        }
        LogSource source = LogSource.of(data, options);
        if (source.splitGiven()) {
            throw new BadInputException("ReChorus folder " + source.files().get(0).getParent() + " comes with its own "
                    + "dev/test split, which the Spark capture does not read (it splits leave-one-out); use recsae capture");
        }
        String name = source.format().name().toLowerCase(Locale.ROOT);
        LogFile train = source.train();
        if (train instanceof LogFile.Named n) {
            return csv(spark, data, name, n.path(), String.valueOf(n.separator()), true, n.userColumn(),
                    n.itemColumn(), n.timeColumn());
        }
        LogFile.Positional p = (LogFile.Positional) train;
        // Spark names a headerless file's columns _c0, _c1, ...
        return csv(spark, data, name, p.path(), String.valueOf(p.separator()), false, "_c" + p.user(), "_c" + p.item(),
                "_c" + p.time());
    }

    private static SparkLog csv(SparkSession spark, Path data, String format, Path file, String separator,
                                boolean header, String user, String item, String time) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("data " + data + ": expected the log file " + file + ", which is missing");
        }
        DataFrameReader reader = spark.read().option("header", header).option("sep", separator)
                .option("inferSchema", false).option("mode", "FAILFAST");
        Dataset<Row> raw = reader.csv(file.toString());
        return of(new CaptureManifest.LogInput(data, format, List.of(file)), file.toString(), raw, user, item, time);
    }

    private static SparkLog of(CaptureManifest.LogInput input, String label, Dataset<Row> raw, String user,
                               String item, String time) {
        List<String> columns = Arrays.stream(raw.columns()).map(c -> c.trim().replace("\uFEFF", "")).toList();
        raw = raw.toDF(columns.toArray(new String[0]));
        for (String c : time.isEmpty() ? List.of(user, item) : List.of(user, item, time)) {
            if (!columns.contains(c)) {
                throw new BadInputException("data file " + label + ": expected columns " + user + ", " + item
                        + (time.isEmpty() ? "" : ", " + time) + ", found " + columns);
            }
        }
        Dataset<Row> ordered = raw.withColumn(ORDER, monotonically_increasing_id());
        // Sort keys only: the executors check every id's text with the local reader's own rule (DelimitedFile).
        Column timeText = time.isEmpty() ? lit(null).cast("string") : quoted(time).cast("string");
        Column timeValue = time.isEmpty() ? col(ORDER) : key(time);
        Dataset<Row> rows = ordered.select(
                quoted(user).cast("string").as(USER_TEXT), quoted(item).cast("string").as(ITEM_TEXT),
                timeText.as(TIME_TEXT), key(user).as(USER), key(item).as(ITEM), timeValue.as(TIME), col(ORDER));
        return new SparkLog(input, label, List.of(user, item, time), rows);
    }

    /** A column by its literal name: backticks, so a dot in the name is not read as a struct field. */
    private static Column quoted(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /**
     * A numeric sort key from an id's text; try_cast so that a bad id becomes null (and is reported with its text
     * by the executor) instead of failing Spark's ANSI cast, and through double so that "964982703.0" sorts as the
     * local reader reads it.
     */
    private static Column key(String name) {
        return quoted(name).cast("string").try_cast("double").cast("long");
    }

    private static List<Path> filesUnder(Path data, String suffix) {
        if (Files.isRegularFile(data)) {
            return List.of(data);
        }
        try (Stream<Path> walk = Files.walk(data)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot list " + data + ": " + e.getMessage(), e);
        }
    }
}
