package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.capture.CapturedRun;
import org.recsae.runtime.eval.HeldOutNdcg;
import org.recsae.runtime.sae.ActivationSet;
import org.recsae.runtime.sae.LoadedSae;
import org.recsae.runtime.sae.SaeConfig;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.store.RunDirectory;
import org.recsae.runtime.store.SafetensorsFile;
import org.recsae.testkit.CliRun;

/** {@code recsae train} on the bundled model's all-position activations. */
class TrainCliTest {
    @TempDir
    static Path shared;
    static Path captured;

    @TempDir
    Path tmp;

    @BeforeAll
    static void capture() {
        captured = shared.resolve("captured");
        CliRun r = BundledRuns.capture("sasrec_opset14_folded", captured);
        assertEquals(0, r.exitCode(), r::toString);
    }

    /** A fresh copy of the captured run, so each test trains into its own run directory. */
    private Path copyOfCapture(String name) throws IOException {
        Path run = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(captured)) {
            for (Path p : files.toList()) {
                Path target = run.resolve(captured.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return run;
    }

    private static final String[] SMALL = {"--scale", "2", "--k", "8", "--epochs", "2", "--checkpoint-every", "50"};

    /**
     * Early stopping (no --epochs) at a learning rate high enough that epochs 2 and 3 do not beat epoch 1 here: the
     * run halves its learning rate, stops after epoch 3 and ends with epoch 1's weights.
     */
    private static final String[] SMALL_EARLY_STOPPING = {"--scale", "2", "--k", "8", "--lr", "0.05",
        "--max-epochs", "4", "--patience", "2", "--checkpoint-every", "50"};

    private static CliRun train(Path run, String... extra) {
        return train(SMALL, run, extra);
    }

    private static CliRun train(String[] settings, Path run, String... extra) {
        String[] args = new String[3 + settings.length + extra.length];
        args[0] = "train";
        args[1] = "--run";
        args[2] = run.toString();
        System.arraycopy(settings, 0, args, 3, settings.length);
        System.arraycopy(extra, 0, args, 3 + settings.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void writesSaeLensFilesMetricsAndManifest() throws IOException {
        Path run = copyOfCapture("run");
        CliRun r = train(run);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode cfg = new ObjectMapper().readTree(run.resolve("sae/cfg.json").toFile());
        assertEquals("topk", cfg.path("architecture").asText());
        assertEquals(64, cfg.path("d_in").asInt());
        assertEquals(128, cfg.path("d_sae").asInt());
        assertEquals(8, cfg.path("k").asInt());
        assertTrue(cfg.path("apply_b_dec_to_input").asBoolean());
        assertEquals("sasrec", cfg.path("metadata").path("plugin").asText());
        SafetensorsFile weights = SafetensorsFile.read(run.resolve("sae/sae_weights.safetensors"));
        assertArrayEquals(new long[] {64, 128}, weights.tensors().get("W_enc").shape());
        assertArrayEquals(new long[] {128, 64}, weights.tensors().get("W_dec").shape());
        float[] dec = weights.tensors().get("W_dec").floats();
        for (int row = 0; row < 128; row++) {
            double norm = 0;
            for (int c = 0; c < 64; c++) {
                norm += dec[row * 64 + c] * dec[row * 64 + c];
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5, "decoder row " + row + " is unit norm");
        }
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("sae/metrics.json").toFile());
        double nmse = metrics.path("nmse").asDouble();
        assertTrue(nmse > 0 && nmse < 0.5, "a two-epoch SAE reconstructs better than the mean: NMSE " + nmse);
        assertEquals(1 - nmse, metrics.path("explained_variance").asDouble(), 0.05);
        assertTrue(metrics.path("l0").asDouble() <= 8.0);
        assertTrue(metrics.path("dead_fraction").asDouble() <= metrics.path("dead_fraction_heldout").asDouble());
        assertEquals(2 * metrics.path("train_vectors").asLong(), metrics.path("train_vectors_seen").asLong());
        JsonNode stage = new ObjectMapper().readTree(run.resolve("manifest.json").toFile()).path("stages").path("train");
        assertEquals(128, stage.path("parameters").path("d_sae").asInt());
        assertFalse(Files.exists(run.resolve(".sae-checkpoint")), "a finished run removes its checkpoint");
    }

    @Test
    void evaluateScoresBothSystemsAndExportWritesSparsify() throws IOException {
        Path run = copyOfCapture("eval");
        assertEquals(0, train(run).exitCode());
        CliRun r = CliRun.of("evaluate", "--run", run.toString(), "--bootstrap", "200", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.stdout());
        assertEquals(610, doc.path("test_users").asInt());
        for (String m : List.of("hr@5", "ndcg@5", "hr@10", "ndcg@10", "hr@20", "ndcg@20")) {
            double a = doc.path("original").path(m).asDouble();
            double b = doc.path("sae").path(m).asDouble();
            JsonNode ci = doc.path("change").path(m).path("ci95");
            assertTrue(a > 0 && b > 0, m + ": both systems rank some test items in the top: " + a + ", " + b);
            assertEquals(b - a, doc.path("change").path(m).path("absolute").asDouble(), 1e-9);
            assertTrue(ci.get(0).asDouble() <= b - a && b - a <= ci.get(1).asDouble(), m + " interval " + ci);
        }
        JsonNode all = doc.path("all_positions");
        assertEquals(100_226, all.path("targets").asInt());
        assertTrue(all.path("top10_overlap").asDouble() > 0.5 && all.path("top10_overlap").asDouble() < 1,
                "a two-epoch 128-latent SAE keeps most of each top-10 but not all: " + all);
        assertTrue(Files.exists(run.resolve("eval/ranking.json")));

        Path out = tmp.resolve("sparsify");
        assertEquals(0, CliRun.of("export-sae", "--run", run.toString(), "--format", "sparsify", "--out",
                out.toString()).exitCode());
        SafetensorsFile sp = SafetensorsFile.read(out.resolve("sae.safetensors"));
        SafetensorsFile lens = SafetensorsFile.read(run.resolve("sae/sae_weights.safetensors"));
        assertArrayEquals(new long[] {128, 64}, sp.tensors().get("encoder.weight").shape());
        float[] enc = lens.tensors().get("W_enc").floats();
        float[] encT = sp.tensors().get("encoder.weight").floats();
        assertEquals(enc[3 * 128 + 7], encT[7 * 64 + 3], "encoder.weight is W_enc transposed");
        assertArrayEquals(lens.tensors().get("W_dec").floats(), sp.tensors().get("W_dec").floats());
        JsonNode cfg = new ObjectMapper().readTree(out.resolve("cfg.json").toFile());
        assertEquals(128, cfg.path("num_latents").asInt());
        assertEquals(8, cfg.path("k").asInt());
    }

    @Test
    void interruptedRunResumesToTheSameWeightsAsAnUninterruptedOne() throws IOException {
        Path straight = copyOfCapture("straight");
        assertEquals(0, train(straight).exitCode());
        Path resumed = copyOfCapture("resumed");
        // One epoch is 365 steps: stop in the middle of the second.
        CliRun first = train(resumed, "--stop-after-steps", "530");
        assertEquals(0, first.exitCode(), first::toString);
        assertFalse(Files.exists(resumed.resolve("sae")), "an interrupted run writes no SAE");
        try (Stream<Path> files = Files.list(resumed.resolve(".sae-checkpoint"))) {
            assertEquals(List.of("checkpoint.safetensors"), files.map(p -> p.getFileName().toString()).toList(),
                    "only the finished checkpoint, no temporary file");
        }
        CliRun second = train(resumed);
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.stderr().contains("resuming from"), second::toString);
        assertArrayEquals(Files.readAllBytes(straight.resolve("sae/sae_weights.safetensors")),
                Files.readAllBytes(resumed.resolve("sae/sae_weights.safetensors")));
    }

    @Test
    void earlyStoppingRunInterruptedAfterEpochEndsResumesToTheSameWeights() throws IOException {
        Path straight = copyOfCapture("straight-early");
        CliRun whole = train(SMALL_EARLY_STOPPING, straight);
        assertEquals(0, whole.exitCode(), whole::toString);
        JsonNode metrics = new ObjectMapper().readTree(straight.resolve("sae/metrics.json").toFile());
        assertTrue(metrics.path("best_epoch").asInt() < metrics.path("epochs").asInt(),
                "the settings no longer make training keep an earlier epoch, so the path under test is not taken: "
                        + metrics);
        Path resumed = copyOfCapture("resumed-early");
        // One epoch is 365 steps: stop just after the first epoch's held-out check, then inside the third epoch,
        // so the continuations carry the kept best weights, the halved learning rate and the patience count.
        for (String stopAt : List.of("380", "800")) {
            CliRun part = train(SMALL_EARLY_STOPPING, resumed, "--stop-after-steps", stopAt);
            assertEquals(0, part.exitCode(), part::toString);
            assertFalse(Files.exists(resumed.resolve("sae")), "an interrupted run writes no SAE");
        }
        CliRun last = train(SMALL_EARLY_STOPPING, resumed);
        assertEquals(0, last.exitCode(), last::toString);
        assertTrue(last.stderr().contains("resuming from"), last::toString);
        JsonNode resumedMetrics = new ObjectMapper().readTree(resumed.resolve("sae/metrics.json").toFile());
        // The curve covers every epoch, those before each interruption included, with the same figures.
        assertEquals(metrics.path("epochs").asInt(), metrics.path("epoch_history").size(), metrics::toString);
        assertEquals(metrics.path("epoch_history"), resumedMetrics.path("epoch_history"));
        assertEquals(metrics.path("best_epoch").asInt(), resumedMetrics.path("best_epoch").asInt());
        assertEquals(metrics.path("nmse").asDouble(), resumedMetrics.path("nmse").asDouble());
        assertArrayEquals(Files.readAllBytes(straight.resolve("sae/sae_weights.safetensors")),
                Files.readAllBytes(resumed.resolve("sae/sae_weights.safetensors")));
    }

    @Test
    void checkpointOfAnotherFormatIsNotResumed() throws IOException {
        Path run = copyOfCapture("old-checkpoint");
        assertEquals(0, train(run, "--stop-after-steps", "100").exitCode());
        Path file = run.resolve(".sae-checkpoint/checkpoint.safetensors");
        SafetensorsFile saved = SafetensorsFile.read(file);
        java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>(saved.metadata());
        metadata.put("format", "recsae-sae-checkpoint/1");
        new SafetensorsFile(saved.tensors(), metadata).write(file);
        CliRun again = train(run);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.stderr().contains("its format recsae-sae-checkpoint/1 is not this recsae's"), again::toString);
        assertFalse(again.stderr().contains("resuming from"), again::toString);
        assertTrue(Files.exists(run.resolve("sae/sae_weights.safetensors")));
    }

    @Test
    void kAsWideAsTheProbeIsWarnedAbout() throws IOException {
        CliRun wide = train(new String[] {"--scale", "2", "--k", "64", "--epochs", "1"}, copyOfCapture("k-wide"));
        assertEquals(0, wide.exitCode(), wide::toString);
        assertTrue(wide.stderr().contains("--k 64 is not below the probe's width 64"), wide::toString);
        CliRun narrow = train(copyOfCapture("k-narrow"));
        assertFalse(narrow.stderr().contains("warning: --k"), narrow::toString);
    }

    @Test
    void activationsWithNanOrInfAreRefused() throws IOException {
        Path run = copyOfCapture("nan");
        try (RandomAccessFile f = new RandomAccessFile(run.resolve("activations/shard-00000.npy").toFile(), "rw")) {
            f.seek(128 + 4L * 64 * 10);
            f.write(new byte[] {0, 0, (byte) 0xc0, 0x7f}); // little-endian quiet NaN
            f.seek(128 + 4L * 64 * 20);
            f.write(new byte[] {0, 0, (byte) 0x80, 0x7f}); // little-endian +Inf
        }
        assertCleanFailure(3, List.of("1 NaN and 1 infinite", "row 10", "training refused"),
                "train", "--run", run.toString(), "--epochs", "1");
        assertFalse(Files.exists(run.resolve("sae")));
    }

    @Test
    void truncatedShardIsRefused() throws IOException {
        Path run = copyOfCapture("truncated");
        Path shard = run.resolve("activations/shard-00000.npy");
        try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
            f.setLength(f.length() - 1000);
        }
        assertCleanFailure(3, List.of(shard.toString(), "truncated"), "train", "--run", run.toString(), "--epochs", "1");
    }

    @Test
    void saeTrainedForAnotherWidthIsRefusedByEvaluate() throws IOException {
        Path run = copyOfCapture("width");
        assertEquals(0, train(run).exitCode());
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            var other = org.recsae.runtime.sae.TopKSae.initialize(manager, 32, 64, 8, new float[32], 3);
            new org.recsae.runtime.sae.SaeFiles(other.tensors(), org.recsae.runtime.sae.SaeFiles.cfg(32, 64, 8,
                    new ObjectMapper().createObjectNode()), null).write(run.resolve("sae"));
        }
        assertCleanFailure(3, List.of("has d_in 32", "has width 64"), "evaluate", "--run", run.toString());
        assertFalse(Files.exists(run.resolve("eval")));
    }

    @Test
    void runWithoutCaptureNamesTheMissingStage() {
        assertCleanFailure(3, List.of("run 'recsae capture' first"), "train", "--run", tmp.resolve("empty").toString());
    }

    @Test
    void badHyperparametersAreUsageErrors() {
        assertCleanFailure(2, List.of("--k must be between"), "train", "--run", captured.toString(), "--k", "0");
        assertCleanFailure(2, List.of("--device must be cpu or cuda"), "train", "--run", captured.toString(),
                "--device", "tpu");
        assertCleanFailure(2, List.of("--dev-ndcg chooses which epoch to keep", "drop --epochs 2"), "train", "--run",
                captured.toString(), "--dev-ndcg", "--epochs", "2");
    }

    @Test
    void heldOutNdcgIsZeroForTheOriginalStatesAndLargeForAConstantOne() {
        RunDirectory run = new RunDirectory(captured);
        List<long[]> heldOut = ActivationSet.open(run).ranges(SaeConfig.DEFAULT_SEED, SaeConfig.DEFAULT_HELDOUT, true);
        try (HeldOutNdcg ndcg = HeldOutNdcg.open(CapturedRun.open(run, "test"), heldOut)) {
            // Capture stops at the prefix before each user's test item, so every held-out state has a next item.
            assertEquals(ActivationSet.count(heldOut), ndcg.targets());
            assertEquals(0.0, ndcg.relativeLoss((x, rows) -> x));
            // Every state replaced by the first one: one ranking for everybody, far worse than each user's own.
            double constant = ndcg.relativeLoss((x, rows) -> {
                float[] out = new float[x.length];
                int width = x.length / rows;
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x, 0, out, r * width, width);
                }
                return out;
            });
            assertTrue(constant > 0.5 && constant <= 1, "relative loss of a constant state: " + constant);
        }
    }

    @Test
    void devNdcgEarlyStoppingKeepsTheEpochWithTheLowestRankingLoss() throws IOException {
        Path run = copyOfCapture("dev-ndcg");
        CliRun r = train(new String[] {"--scale", "2", "--k", "8", "--max-epochs", "3", "--dev-ndcg"}, run);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("sae/metrics.json").toFile());
        assertTrue(metrics.path("early_stopping_score").asText().startsWith("held-out NDCG@10 loss"), metrics::toString);
        JsonNode history = metrics.path("epoch_history");
        assertEquals(metrics.path("epochs").asInt(), history.size());
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        for (JsonNode e : history) {
            double loss = e.path("heldout_ndcg10_loss").asDouble(Double.NaN);
            assertTrue(loss > -1 && loss < 1, "each epoch records its ranking loss: " + e);
            double score = loss + e.path("dead_fraction").asDouble();
            if (score < best - 1e-4) {
                best = score;
                bestEpoch = e.path("epoch").asInt();
            }
        }
        assertEquals(bestEpoch, metrics.path("best_epoch").asInt(), history::toString);
        // The saved SAE is the kept epoch's, and its ranking loss is the one recorded for that epoch.
        RunDirectory dir = new RunDirectory(run);
        List<long[]> heldOut = ActivationSet.open(dir).ranges(SaeConfig.DEFAULT_SEED, SaeConfig.DEFAULT_HELDOUT, true);
        try (LoadedSae sae = LoadedSae.of(SaeFiles.read(run.resolve("sae")));
             HeldOutNdcg ndcg = HeldOutNdcg.open(CapturedRun.open(dir, "test"), heldOut)) {
            assertEquals(history.get(bestEpoch - 1).path("heldout_ndcg10_loss").asDouble(),
                    ndcg.relativeLoss(sae::reconstruct), 1e-3);
        }
    }
}
