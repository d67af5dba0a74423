package org.recsae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.spi.BadInputException;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/**
 * The Spark capture against the local one on the bundled SASRec and ml-latest-small: through {@code SparkSubmit
 * --master local[2]} as the README runs it, from CSV and from Parquet, and with a bad id in the log.
 */
class SparkCaptureTest {
    private static final String MODEL = ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx").toString();
    private static final String DESCRIPTOR = ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString();
    private static final Path DATA = ExampleFiles.resolve("data/ml-latest-small");

    @TempDir
    static Path dir;
    private static CapturedRows local;

    @BeforeAll
    static void captureLocally() throws IOException {
        // In-process runs of the command find their master here, as spark-submit would set it.
        System.setProperty("spark.master", "local[2]");
        Path run = dir.resolve("local");
        CliRun r = CliRun.of("capture", "--model", MODEL, "--descriptor", DESCRIPTOR, "--data", DATA.toString(),
                "--run", run.toString());
        assertEquals(0, r.exitCode(), r::toString);
        local = CapturedRows.read(run);
    }

    @Test
    void sparkSubmitOnLocal2WritesTheLocalCapturesRows() throws Exception {
        Path run = dir.resolve("spark-csv");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("recsae.spark.opens").split(" ")));
        command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class", SparkCapture.class.getName(),
                // The classes are on the class path already; a cluster run names the application jar here.
                "spark-internal",
                "--model", MODEL, "--descriptor", DESCRIPTOR, "--data", DATA.toString(), "--run", run.toString(),
                "--partitions", "3", "--shard-mb", "4"));
        Path log = dir.resolve("spark-submit.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "SparkSubmit did not finish in 5 minutes");
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);

        CapturedRows spark = CapturedRows.read(run);
        local.assertSameRows(spark);
        local.assertSameOrder(spark);
        assertTrue(spark.shards() > 1, "expected several shards (3 partitions, 4 MiB shards), found " + spark.shards());
        JsonNode localStage = manifestStage(dir.resolve("local"));
        JsonNode sparkStage = manifestStage(run);
        assertEquals(fieldNames(localStage.path("inputs")), fieldNames(sparkStage.path("inputs")));
        assertEquals(fieldNames(localStage.path("outputs")), fieldNames(sparkStage.path("outputs")));
        assertEquals(localStage.path("inputs").path("data"), sparkStage.path("inputs").path("data"));
        assertEquals(localStage.path("plugin"), sparkStage.path("plugin"));
        assertEquals("spark", sparkStage.path("parameters").path("engine").path("name").asText());
        assertEquals(local.vectors(), sparkStage.path("outputs").path("vectors").asLong());
        assertEquals(localStage.path("outputs").path("windows"), sparkStage.path("outputs").path("windows"));
        CliRun verify = CliRun.of("verify", "--run", run.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertFalse(Files.exists(run.resolve(".activations.partial")), "the staging folder was left behind");
    }

    @Test
    void parquetLogGivesTheSameRowsAndLaterStagesSayWhyTheyCannotReadIt() throws IOException {
        Path parquet = dir.resolve("ratings.parquet");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("parquet fixture").getOrCreate();
        try {
            spark.read().option("header", true).csv(DATA.resolve("ratings.csv").toString())
                    .selectExpr("CAST(userId AS BIGINT) AS userId", "CAST(movieId AS BIGINT) AS movieId",
                            "CAST(timestamp AS BIGINT) AS timestamp")
                    .coalesce(1).write().parquet(parquet.toString());
        } finally {
            spark.stop();
        }
        Path run = dir.resolve("spark-parquet");
        CliRun r = CliRun.of(new SparkCaptureCommand(), "--model", MODEL, "--descriptor", DESCRIPTOR, "--data",
                parquet.toString(), "--format", "parquet", "--user-col", "userId", "--item-col", "movieId",
                "--time-col", "timestamp", "--run", run.toString(), "--partitions", "2");
        assertEquals(0, r.exitCode(), r::toString);
        local.assertSameRows(CapturedRows.read(run));
        BadInputException e = assertThrows(BadInputException.class,
                () -> CapturedRun.open(new RunDirectory(run), "evaluate"));
        assertTrue(e.getMessage().contains("Parquet") && e.getMessage().contains("train"), e.getMessage());
    }

    @Test
    void anIdThatIsNotANumberNamesTheFileAndColumnAndLeavesNoActivations() throws IOException {
        Path data = dir.resolve("bad-data");
        Files.createDirectories(data);
        List<String> lines = new ArrayList<>(Files.readAllLines(DATA.resolve("ratings.csv")));
        lines.set(500, "u17," + lines.get(500).substring(lines.get(500).indexOf(',') + 1));
        Files.write(data.resolve("ratings.csv"), lines);
        Path run = dir.resolve("spark-bad");
        CliRun r = CliRun.of(new SparkCaptureCommand(), "--model", MODEL, "--descriptor", DESCRIPTOR, "--data",
                data.toString(), "--run", run.toString());
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains(data.resolve("ratings.csv").toString()) && r.stderr().contains("userId")
                && r.stderr().contains("must be an integer, found \"u17\""), r::toString);
        assertFalse(Files.exists(run.resolve("activations")), "a failed capture wrote activations");
        assertFalse(Files.exists(run.resolve(".activations.partial")), "a failed capture left its staging folder");
    }

    private static JsonNode manifestStage(Path run) {
        return Json.read(run.resolve("manifest.json"), "manifest").path("stages").path("capture");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.stream().sorted().toList();
    }
}
