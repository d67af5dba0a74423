package org.recsae.runtime.capture;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.recsae.runtime.data.DataSet;
import org.recsae.runtime.data.IndexedLog;
import org.recsae.runtime.data.IndexedUser;
import org.recsae.runtime.data.LogOptionsJson;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.progress.Progress;
import org.recsae.runtime.store.Hashing;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.NpyShardWriter;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.RunManifest;
import org.recsae.spi.BadInputException;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.PaddingSide;
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
    public record Result(Path directory, long vectors, int width, int windows, List<String> shards, double seconds,
                         String probe) {
    }

    public static Result run(CaptureConfig config, java.io.PrintStream err) {
        ProbedModel probed = ProbedModel.open(config.model(), config.descriptor(), config.plugin(), config.probe());
        ModelSignature signature = probed.signature();
        DataSet data = DataSet.load(config.data(), probed.descriptor(), config.logOptions());
        IndexedLog log = IndexedLog.of(data.log(), data.ids(), signature);
        ProbeCandidate probe = chooseProbe(probed, config);
        boolean perPosition = probe.shape().rank() == 3;
        if (config.positions() == Positions.ALL && !perPosition) {
            throw new BadInputException("--positions all needs a [B,L,D] probe, but '" + probe.tensor() + "' has shape "
                    + probe.shape() + "; use --positions last or name a per-position tensor with --probe");
        }
        int width = (int) probe.shape().dim(probe.shape().rank() - 1);
        List<CaptureWindow> windows = windows(log.users(), config.positions(), signature.maxLength());
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

    private static ProbeCandidate chooseProbe(ProbedModel probed, CaptureConfig config) {
        if (config.probe().isPresent()) {
            return probed.report().selectedProbe().orElseThrow();
        }
        return probed.report().candidate(ProbeRole.SEQUENCE_STATES)
                .or(() -> config.positions() == Positions.LAST ? probed.report().candidate(ProbeRole.USER_STATE)
                        : java.util.Optional.empty())
                .orElseThrow(() -> new BadInputException("model " + config.model() + ": discovery found no "
                        + (config.positions() == Positions.ALL ? "[B,L,D] sequence states" : "probe")
                        + " to capture; name a tensor with --probe (see recsae inspect)"));
    }

    /**
     * {@code last}: each evaluable user's history before the test item. {@code all}: each user's sequence before the
     * test item, cut from the end into non-overlapping windows of the max length.
     */
    static List<CaptureWindow> windows(List<IndexedUser> users, Positions positions, int maxLength) {
        List<CaptureWindow> out = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            IndexedUser user = users.get(u);
            int end = user.beforeTest();
            if (positions == Positions.LAST) {
                if (user.testPosition() > 0) {
                    out.add(new CaptureWindow(u, Math.max(0, end - maxLength), end));
                }
                continue;
            }
            List<CaptureWindow> mine = new ArrayList<>();
            for (int to = end; to > 0; to -= maxLength) {
                mine.add(new CaptureWindow(u, Math.max(0, to - maxLength), to));
            }
            for (int i = mine.size() - 1; i >= 0; i--) {
                out.add(mine.get(i));
            }
        }
        return out;
    }

    private static Result capture(CaptureConfig config, ProbedModel probed, ModelSignature signature, IndexedLog log,
                                  ProbeCandidate probe, List<CaptureWindow> windows, int width, RunDirectory run,
                                  Path dir, java.io.PrintStream err) {
        ai.onnx.proto.OnnxMl.ModelProto headProto = GraphCut.head(probed.model(), probed.report().graph(),
                List.of(probe.tensor()));
        Set<String> headInputs = Set.copyOf(GraphCut.inputNames(headProto));
        byte[] head = headProto.toByteArray();
        boolean perPosition = probe.shape().rank() == 3;
        boolean all = config.positions() == Positions.ALL;
        long expected = 0;
        for (CaptureWindow w : windows) {
            expected += all ? w.length() : 1;
        }
        Progress progress = Progress.start(err, "capture " + probe.tensor(), "vectors", expected);
        List<String> shards = new ArrayList<>();
        Path rowsFile = dir.resolve("rows.csv");
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        NpyShardWriter shard = null;
        try (OrtModel session = OrtModel.load(head, probed.model().path() + " (head to " + probe.tensor() + ")", threads,
                config.cuda());
             BufferedWriter rows = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(rowsFile),
                     StandardCharsets.UTF_8), 1 << 16)) {
            rows.write(all ? "user,position,item,item_index\n" : "user,position,item,item_index,target,target_index\n");
            shard = openShard(dir, shards, width);
            int length = signature.maxLength();
            PaddingSide side = signature.requirePaddingSide();
            for (int start = 0; start < windows.size(); start += config.batchSize()) {
                List<CaptureWindow> batch = windows.subList(start, Math.min(windows.size(), start + config.batchSize()));
                List<int[]> histories = new ArrayList<>(batch.size());
                for (CaptureWindow w : batch) {
                    histories.add(java.util.Arrays.copyOfRange(log.users().get(w.user()).items(), w.from(), w.to()));
                }
                EncodedBatch encoded = probed.plugin().encode(signature, histories, null);
                FlatTensor out = session.run(EncodedBatch.restrictedTo(encoded, headInputs), Set.of(probe.tensor())).get(probe.tensor());
                float[] values = out.floats();
                int probeLength = perPosition ? (int) out.dim(1) : 1;
                if (perPosition && probeLength != length) {
                    throw new BadInputException("probe '" + probe.tensor() + "' has " + probeLength + " positions but "
                            + "the history has " + length + "; recsae maps positions one to one");
                }
                for (int b = 0; b < batch.size(); b++) {
                    CaptureWindow w = batch.get(b);
                    IndexedUser user = log.users().get(w.user());
                    int n = w.length();
                    int first = all ? 0 : n - 1;
                    for (int j = first; j < n; j++) {
                        int offset;
                        if (perPosition) {
                            int column = side.column(length, n, j);
                            offset = (b * length + column) * width;
                        } else {
                            offset = b * width;
                        }
                        if (shard.bytes() + width * 4L > config.shardBytes()) {
                            shard.close();
                            shard = openShard(dir, shards, width);
                        }
                        shard.write(values, offset, 1);
                        int position = w.from() + j;
                        int item = user.items()[position];
                        rows.write(user.user() + "," + position + "," + log.ids().raw(item) + "," + item);
                        if (!all) {
                            int target = user.items()[user.testPosition()];
                            rows.write("," + log.ids().raw(target) + "," + target);
                        }
                        rows.write('\n');
                    }
                    progress.advance(all ? n : 1);
                }
            }
            shard.close();
            shard = null;
        } catch (IOException e) {
            throw new org.recsae.spi.RuntimeFailureException("cannot write " + rowsFile + ": " + e.getMessage(), e);
        } finally {
            if (shard != null) {
                shard.abandon();
            }
        }
        progress.finish();
        return new Result(run.stageDir("activations"), progress.done(), width, windows.size(), shards,
                progress.seconds(), probe.tensor());
    }

    private static NpyShardWriter openShard(Path dir, List<String> shards, int width) {
        String name = String.format("shard-%05d.npy", shards.size());
        shards.add(name);
        return new NpyShardWriter(dir.resolve(name), width);
    }

    private static void writeManifest(CaptureConfig config, ProbedModel probed, DataSet data, ProbeCandidate probe,
                                      Result result, RunDirectory run) {
        ObjectNode stage = Json.object();
        ObjectNode plugin = stage.putObject("plugin");
        plugin.put("name", probed.plugin().name());
        plugin.put("version", probed.plugin().version());
        ObjectNode inputs = stage.putObject("inputs");
        inputs.set("model", RunManifest.externalFile(probed.model().path(), probed.model().sha256()));
        if (probed.descriptorFile().isPresent()) {
            inputs.set("descriptor", RunManifest.externalFile(probed.descriptorFile().get(), Hashing.sha256(probed.descriptorFile().get())));
        }
        ObjectNode dataNode = inputs.putObject("data");
        dataNode.put("path", config.data().toAbsolutePath().normalize().toString());
        dataNode.put("format", data.log().format().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode files = dataNode.putArray("files");
        for (Path f : data.log().files()) {
            files.add(RunManifest.externalFile(f, Hashing.sha256(f)));
        }
        data.ids().source().ifPresent(p -> inputs.set("item_id_map", RunManifest.externalFile(p, Hashing.sha256(p))));
        ObjectNode catalogue = inputs.putObject("catalogue");
        data.catalogueFile().ifPresent(p -> catalogue.put("path", p.toAbsolutePath().normalize().toString()));
        catalogue.put("items", data.catalogue().size());
        catalogue.put("fingerprint", data.catalogue().fingerprint());
        ObjectNode params = stage.putObject("parameters");
        params.put("probe", probe.tensor());
        params.put("probe_role", probe.role().jsonName());
        params.put("positions", config.positions().jsonName());
        params.put("device", config.cuda() ? "cuda" : "cpu");
        params.put("batch", config.batchSize());
        params.set("log", LogOptionsJson.toJson(config.logOptions()));
        params.set("signature", org.recsae.runtime.probe.SignatureJson.toJson(probed.signature()));
        ObjectNode outputs = stage.putObject("outputs");
        outputs.put("vectors", result.vectors());
        outputs.put("width", result.width());
        outputs.put("windows", result.windows());
        ArrayNode shards = outputs.putArray("shards");
        for (String s : result.shards()) {
            shards.add(RunManifest.runFile(run, result.directory().resolve(s)));
        }
        Path rows = result.directory().resolve("rows.csv");
        outputs.set("rows", RunManifest.runFile(run, rows));
        RunManifest.load(run).putStage(STAGE, stage);
    }
}
