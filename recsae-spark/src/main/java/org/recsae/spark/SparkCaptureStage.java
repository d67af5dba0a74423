package org.recsae.spark;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.recsae.runtime.capture.ActivationCapture;
import org.recsae.runtime.capture.CaptureConfig;
import org.recsae.runtime.capture.CaptureManifest;
import org.recsae.runtime.capture.HeadGraph;
import org.recsae.runtime.capture.ProbedModel;
import org.recsae.runtime.data.CatalogReader;
import org.recsae.runtime.data.ItemIdMap;
import org.recsae.runtime.data.LogOptionsJson;
import org.recsae.runtime.data.TextCatalog;
import org.recsae.runtime.probe.SignatureJson;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ProbeCandidate;

/**
 * The capture stage on Spark. The driver opens the model as a local capture does (discovery, probe, head graph)
 * and broadcasts the head; Spark reads the log, range-partitions it by user and sorts each range by user, time and
 * read order; every task captures its users into its own folder; the driver renumbers the shards, joins the row
 * index and writes the capture manifest. The run folder is built aside and swapped in whole, as locally.
 */
public final class SparkCaptureStage {
    private SparkCaptureStage() {
    }

    public static ActivationCapture.Result run(SparkSession spark, SparkCaptureConfig config, PrintStream err) {
        long started = System.nanoTime();
        CaptureConfig c = config.capture();
        ProbedModel probed = ProbedModel.open(c.model(), c.descriptor(), c.plugin(), c.probe());
        ProbeCandidate probe = ActivationCapture.chooseProbe(probed, c.probe().isPresent());
        int width = probe.width();
        HeadGraph head = HeadGraph.cut(probed, probe, true);
        ItemIdMap ids = probed.descriptor().itemIdMap().map(ItemIdMap::read).orElseGet(ItemIdMap::identity);
        Optional<Path> catalogueFile = CatalogReader.find(c.data());
        TextCatalog catalogue = catalogueFile.map(CatalogReader::read).orElseGet(TextCatalog::empty);
        SparkLog log = SparkErrors.unwrapped("read the log", () -> SparkLog.read(spark, c.data(), c.logOptions(),
                config.parquet()));

        RunDirectory run = new RunDirectory(c.run());
        Path partial = run.beginStage("activations");
        Path staging = partial.resolve("tasks");
        try {
            int partitions = config.partitions().orElse(spark.sparkContext().defaultParallelism());
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            PartitionJob job = new PartitionJob(jsc.broadcast(head.graph().bytes()), Hashing.sha256(head.graph().bytes()), head.label(),
                    head.graph().dataFolder().map(Path::toString).orElse(null),
                    new ArrayList<>(head.inputs()), probed.plugin().name(), Json.line(SignatureJson.toJson(probed.signature())),
                    PartitionJob.plain(ids), ids.source().map(Path::toString).orElse(null), probe.tensor(),
                    probe.shape().rank() == 3, width, c.positions(), c.batchSize(), c.shardBytes(),
                    staging.toAbsolutePath().toString(), log.label(),
                    log.input().files().get(0).getFileName().toString(),
                    log.columns());
            Dataset<Row> byUser = log.rows().repartitionByRange(partitions, col(SparkLog.USER))
                    .sortWithinPartitions(col(SparkLog.USER), col(SparkLog.TIME), col(SparkLog.ORDER));
            List<PartOutput> parts = new ArrayList<>();
            for (String line : collect(byUser, job)) {
                parts.add(PartOutput.fromJson(line));
            }
            ShardAssembly.Assembled assembled = ShardAssembly.assemble(parts, partial, c.positions());
            // Every task folder goes, those of failed or speculative attempts included.
            RunDirectory.deleteTree(staging);
            if (assembled.vectors() == 0) {
                throw new BadInputException("data " + c.data() + ": no user has a history to capture");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            ActivationCapture.Result result = new ActivationCapture.Result(run.stageDir("activations"),
                    assembled.vectors(), width, assembled.windows(), assembled.shards(), seconds,
                    probe.tensor());
            run.commitStage("activations", partial);
            ObjectNode parameters = CaptureManifest.parameters(probed, probe, c.positions(), "cpu", c.batchSize(),
                    logOptions(config));
            ObjectNode engine = parameters.putObject("engine");
            engine.put("name", "spark");
            engine.put("version", spark.version());
            engine.put("master", spark.sparkContext().master());
            engine.put("partitions", partitions);
            CaptureManifest.write(run, probed, log.input(), new CaptureManifest.Items(ids, catalogueFile, catalogue),
                    parameters, result);
            RunManifest.recordTiming(run, ActivationCapture.STAGE, seconds);
            err.printf(Locale.ROOT, "spark capture: %,d vectors from %,d histories in %d partitions%n",
                    assembled.vectors(), assembled.windows(), partitions);
            return result;
        } catch (RuntimeException | Error e) {
            run.abandonStage(partial);
            throw e;
        }
    }

    private static ObjectNode logOptions(SparkCaptureConfig config) {
        ObjectNode n = LogOptionsJson.toJson(config.capture().logOptions());
        if (config.parquet()) {
            n.put("format", org.recsae.runtime.capture.CapturedRun.PARQUET);
        }
        return n;
    }

    private static List<String> collect(Dataset<Row> byUser, PartitionJob job) {
        return SparkErrors.unwrapped("run the capture job", () -> byUser.mapPartitions(new PartitionCapture(job),
                Encoders.STRING()).collectAsList());
    }
}
