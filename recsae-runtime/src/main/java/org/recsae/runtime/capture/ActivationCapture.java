package org.recsae.runtime.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.recsae.runtime.data.CatalogReader;
import org.recsae.runtime.data.DataSet;
import org.recsae.runtime.data.ItemIdMap;
import org.recsae.runtime.data.LogOptionsJson;
import org.recsae.runtime.data.SortedLog;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.progress.Progress;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.ProbeRole;

/**
 * Runs the pruned head graph over the log in batches and streams the probe's activations into float32 {@code .npy}
 * shards under {@code RUN/activations/}, with a row index ({@code rows.csv}: user, position, item) and a manifest
 * entry. The whole folder is built aside and swapped in at the end, so an interrupted capture leaves nothing half
 * written; rerunning it starts over. The log is sorted once ({@link SortedLog}) and replayed twice, one user at a
 * time: a counting pass that checks every id and sizes the progress, then the capture. Neither holds the log's
 * users or windows, so memory does not grow with the log.
 */
public final class ActivationCapture {
    public static final String STAGE = "capture";

    private ActivationCapture() {
    }

    /** What a capture wrote. */
    public record Result(Path directory, long vectors, int width, long windows, List<String> shards, double seconds,
                         String probe) {
    }

    public static Result run(CaptureConfig config, java.io.PrintStream err) {
        ProbedModel probed = ProbedModel.open(config.model(), config.descriptor(), config.plugin(), config.probe());
        ModelSignature signature = probed.signature();
        RunDirectory run = new RunDirectory(config.run());
        // The log is sorted inside the staging folder, so the sort files of a killed capture go with it next time.
        Path partial = run.beginStage("activations");
        try {
            CaptureManifest.LogInput input;
            CaptureManifest.Items items;
            ProbeCandidate probe;
            Result result;
            try (SortedLog log = SortedLog.open(config.data(), config.logOptions(), partial)) {
                ItemIdMap ids = DataSet.itemIds(probed.descriptor());
                Optional<Path> catalogueFile = CatalogReader.find(config.data());
                items = new CaptureManifest.Items(ids, catalogueFile, DataSet.catalogue(catalogueFile));
                input = new CaptureManifest.LogInput(config.data(), log.format().name().toLowerCase(Locale.ROOT),
                        log.files());
                probe = chooseProbe(probed, config.probe().isPresent());
                UserWindows windows = new UserWindows(log, ids, signature, config.positions(),
                        probe.shape().rank() == 3);
                UserWindows.Totals totals = windows.count();
                if (totals.windows() == 0) {
                    throw new BadInputException("data " + config.data() + ": no user has a history to capture"
                            + (config.positions() == Positions.LAST
                            ? " (every user needs a test item and an item before it)" : ""));
                }
                result = capture(config, probed, signature, ids, probe, windows, totals, run, partial, err);
            }
            run.commitStage("activations", partial);
            writeManifest(config, probed, input, items, probe, result, run);
            RunManifest.recordTiming(run, STAGE, result.seconds());
            return result;
        } catch (RuntimeException | Error e) {
            run.abandonStage(partial);
            throw e;
        }
    }

    /**
     * The probe named with {@code --probe}, else discovery's sequence states, else its user state (captured at
     * every prefix under {@code all}); refused unless it is [B,L,D] or [B,D].
     */
    public static ProbeCandidate chooseProbe(ProbedModel probed, boolean named) {
        ProbeCandidate probe;
        if (named) {
            probe = probed.report().selectedProbe().orElseThrow();
        } else {
            probe = probed.report().candidate(ProbeRole.SEQUENCE_STATES)
                    .or(() -> probed.report().candidate(ProbeRole.USER_STATE))
                    .orElseThrow(() -> new BadInputException("model " + probed.model().path() + ": discovery found no "
                            + "probe to capture; name a tensor with --probe (see recsae inspect)"));
        }
        int rank = probe.shape().rank();
        if (rank != 2 && rank != 3) {
            throw new BadInputException("probe '" + probe.tensor() + "' has shape " + probe.shape() + "; capture takes "
                    + "[B,L,D] per-position states or a [B,D] state per history");
        }
        return probe;
    }

    private static Result capture(CaptureConfig config, ProbedModel probed, ModelSignature signature, ItemIdMap ids,
                                  ProbeCandidate probe, UserWindows windows, UserWindows.Totals totals,
                                  RunDirectory run, Path dir, java.io.PrintStream err) {
        HeadGraph headGraph = HeadGraph.cut(probed, probe);
        int width = probe.width();
        Progress progress = Progress.start(err, "capture " + probe.tensor(), "vectors", totals.vectors());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        CapturedRowsWriter writer = null;
        List<String> shards;
        try (OrtModel session = OrtModel.load(headGraph.graph(), headGraph.label(), threads, config.cuda())) {
            writer = new CapturedRowsWriter(dir, width, config.shardBytes(), ids, config.positions());
            WindowBatchRunner runner = new WindowBatchRunner(probed.plugin(), signature, session, headGraph.inputs(),
                    probe.tensor(), probe.shape().rank() == 3, width);
            // Batches are cut from the stream of windows exactly where slicing a list of them would cut.
            List<CaptureWindow> batch = new ArrayList<>(config.batchSize());
            CapturedRowsWriter sink = writer;
            windows.forEach(w -> {
                batch.add(w);
                if (batch.size() == config.batchSize()) {
                    progress.advance(runner.run(batch, sink));
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                progress.advance(runner.run(batch, sink));
            }
            writer.close();
            shards = writer.shards();
            writer = null;
        } finally {
            if (writer != null) {
                writer.abandon();
            }
        }
        progress.finish();
        return new Result(run.stageDir("activations"), progress.done(), width, totals.windows(),
                shards, progress.seconds(), probe.tensor());
    }

    private static void writeManifest(CaptureConfig config, ProbedModel probed, CaptureManifest.LogInput log,
                                      CaptureManifest.Items items, ProbeCandidate probe, Result result,
                                      RunDirectory run) {
        CaptureManifest.write(run, probed, log, items, CaptureManifest.parameters(probed, probe, config.positions(),
                config.cuda() ? "cuda" : "cpu", config.batchSize(),
                LogOptionsJson.toJson(config.logOptions())), result);
    }
}
