package org.recsae.runtime.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsae.runtime.data.DataSet;
import org.recsae.runtime.data.IndexedLog;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.data.LogOptionsJson;
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
 * written; rerunning it starts over.
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
        DataSet data = DataSet.load(config.data(), probed.descriptor(), config.logOptions());
        IndexedLog log = IndexedLog.of(data.log(), data.ids(), signature);
        ProbeCandidate probe = chooseProbe(probed, config.probe().isPresent());
        int width = probe.width();
        boolean perPosition = probe.shape().rank() == 3;
        List<CaptureWindow> windows = windows(log.users(), config.positions(), signature.maxLength(), perPosition);
        if (windows.isEmpty()) {
            throw new BadInputException("data " + config.data() + ": no user has a history to capture"
                    + (config.positions() == Positions.LAST ? " (every user needs a test item and an item before it)" : ""));
        }
        RunDirectory run = new RunDirectory(config.run());
        Path partial = run.beginStage("activations");
        try {
            Result result = capture(config, probed, signature, log, probe, windows, width, run, partial, err);
            run.commitStage("activations", partial);
            writeManifest(config, probed, data, probe, result, run);
            RunManifest.recordTiming(run, STAGE, result.seconds());
            return result;
        } catch (RuntimeException e) {
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

    /** Every user's windows, users in log order: see {@link CaptureWindow#plan}. */
    static List<CaptureWindow> windows(List<IndexedUser> users, Positions positions, int maxLength,
                                       boolean perPosition) {
        List<CaptureWindow> out = new ArrayList<>();
        for (IndexedUser user : users) {
            out.addAll(CaptureWindow.plan(user, positions, maxLength, perPosition));
        }
        return out;
    }

    private static Result capture(CaptureConfig config, ProbedModel probed, ModelSignature signature, IndexedLog log,
                                  ProbeCandidate probe, List<CaptureWindow> windows, int width, RunDirectory run,
                                  Path dir, java.io.PrintStream err) {
        HeadGraph headGraph = HeadGraph.cut(probed, probe);
        long expected = 0;
        for (CaptureWindow w : windows) {
            expected += w.vectors();
        }
        Progress progress = Progress.start(err, "capture " + probe.tensor(), "vectors", expected);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        CapturedRowsWriter writer = null;
        List<String> shards;
        try (OrtModel session = OrtModel.load(headGraph.graph(), headGraph.label(), threads, config.cuda())) {
            writer = new CapturedRowsWriter(dir, width, config.shardBytes(), log.ids(), config.positions());
            WindowBatchRunner runner = new WindowBatchRunner(probed.plugin(), signature, session, headGraph.inputs(),
                    probe.tensor(), probe.shape().rank() == 3, width);
            for (int start = 0; start < windows.size(); start += config.batchSize()) {
                List<CaptureWindow> batch = windows.subList(start, Math.min(windows.size(), start + config.batchSize()));
                progress.advance(runner.run(batch, writer));
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
        return new Result(run.stageDir("activations"), progress.done(), width, windows.size(),
                shards, progress.seconds(), probe.tensor());
    }

    private static void writeManifest(CaptureConfig config, ProbedModel probed, DataSet data, ProbeCandidate probe,
                                      Result result, RunDirectory run) {
        CaptureManifest.LogInput log = new CaptureManifest.LogInput(config.data(),
                data.log().format().name().toLowerCase(java.util.Locale.ROOT), data.log().files());
        CaptureManifest.Items items = new CaptureManifest.Items(data.ids(), data.catalogueFile(), data.catalogue());
        CaptureManifest.write(run, probed, log, items, CaptureManifest.parameters(probed, probe, config.positions(),
                config.cuda() ? "cuda" : "cpu", config.batchSize(),
                LogOptionsJson.toJson(config.logOptions())), result);
    }
}
