package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.graph.GraphTaps;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.store.SafetensorsFile;
import org.recsae.runtime.steer.SaeSplice;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;
import org.recsae.testkit.FloatArrays;

/** {@code recsae steer} on a small SAE trained on the bundled model. */
class SteerCliTest {
    static final String MODEL = "sasrec/models/sasrec_opset14_folded.onnx";
    static final String PROBE = "/final_norm/Add_1_output_0";

    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void captureAndTrain() {
        run = shared.resolve("run");
        CliRun c = BundledRuns.capture("sasrec_opset14_folded", run);
        assertEquals(0, c.exitCode(), c::toString);
        CliRun t = CliRun.of("train", "--run", run.toString(), "--scale", "2", "--k", "8", "--epochs", "1");
        assertEquals(0, t.exitCode(), t::toString);
    }

    /** The 20 recorded users' inputs, as the model takes them. */
    private static EncodedBatch recordedBatch() throws IOException {
        RecordingFile rec = RecordingFile.read(ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.recording.json"));
        int users = rec.users();
        long[] history = new long[users * 50];
        long[] lengths = new long[users];
        for (int b = 0; b < users; b++) {
            for (int j = 0; j < 50; j++) {
                history[b * 50 + j] = rec.json().get("padded_history").get(b).get(j).asLong();
            }
            lengths[b] = rec.length(b);
        }
        return new EncodedBatch(users, Map.of("history", FlatTensor.ofLongs(history, users, 50),
                "lengths", FlatTensor.ofLongs(lengths, users)));
    }

    private static float[] scores(byte[] model, EncodedBatch batch) {
        try (OrtModel m = OrtModel.load(model, "test", 1)) {
            return m.run(batch, Set.of("scores")).get("scores").floats();
        }
    }

    private Path steer(String name, String... args) {
        Path out = tmp.resolve(name + ".onnx");
        String[] all = new String[5 + args.length];
        all[0] = "steer";
        all[1] = "--run";
        all[2] = run.toString();
        all[3] = "--out";
        all[4] = out.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        CliRun r = CliRun.of(all);
        assertEquals(0, r.exitCode(), r::toString);
        return out;
    }

    @Test
    void deltaModeWithEveryFactorOneIsTheOriginalModel() throws IOException {
        Path steered = steer("identity");
        OnnxModelFile file = OnnxModelFile.read(steered);
        OnnxModelFile original = OnnxModelFile.read(ExampleFiles.resolve(MODEL));
        assertEquals(original.opset(), file.opset(), "the opset never changes");
        assertEquals(original.graph().inputs(), file.graph().inputs());
        assertEquals(original.graph().outputs(), file.graph().outputs());
        assertTrue(file.proto().getMetadataPropsList().stream().anyMatch(p -> p.getKey().equals("recsae.sae_sha256")));
        EncodedBatch batch = recordedBatch();
        double diff = FloatArrays.maxAbsDiff(scores(original.bytes(), batch), scores(file.bytes(), batch));
        assertTrue(diff <= 1e-6, "identity steering changed scores by " + diff);
    }

    @Test
    void factorZeroRemovesTheLatentsDecodedDirection() throws IOException {
        EncodedBatch batch = recordedBatch();
        OnnxModelFile original = OnnxModelFile.read(ExampleFiles.resolve(MODEL));
        float[] states;
        try (OrtModel tapped = OrtModel.load(GraphTaps.withOutputs(original.proto(), original.graph(), List.of(PROBE))
                .toByteArray(), "tapped", 1)) {
            states = tapped.run(batch, Set.of(PROBE)).get(PROBE).floats();
        }
        JavaSae sae = new JavaSae(SafetensorsFile.read(run.resolve("sae/sae_weights.safetensors")), 8);
        int latent = sae.mostActive(states);
        float[] expected = sae.removeLatent(states, latent);
        // Score the Java-edited states through the unedited rest of the model, then compare with the steered model.
        float[] reference;
        try (var tail = org.recsae.runtime.ort.TailSession.open(original,
                org.recsae.runtime.capture.ProbedModel.open(ExampleFiles.resolve(MODEL), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.of(PROBE)).report().graph(), PROBE, "scores", 1)) {
            reference = tail.score(batch, FlatTensor.ofFloats(expected, 20, 50, 64)).floats();
        }
        float[] steered = scores(Files.readAllBytes(steer("zero", "--set", latent + "=0")), batch);
        double diff = FloatArrays.maxAbsDiff(reference, steered);
        assertTrue(diff <= 1e-4, "factor 0 differs from the Java reference by " + diff);
        double moved = FloatArrays.maxAbsDiff(scores(original.bytes(), batch), steered);
        assertTrue(moved > 1e-3, "removing an active latent must move the scores, moved " + moved);
    }

    @Test
    void runtimeScaleMatchesABakedInModel() throws IOException {
        int latent = 5;
        byte[] baked = Files.readAllBytes(steer("baked", "--set", latent + "=4"));
        byte[] runtime = Files.readAllBytes(steer("runtime", "--runtime-scale"));
        EncodedBatch batch = recordedBatch();
        float[] scale = new float[128];
        java.util.Arrays.fill(scale, 1f);
        scale[latent] = 4f;
        EncodedBatch withScale = EncodedBatch.restrictedTo(batch, Set.of("history", "lengths"),
                Map.of(SaeSplice.SCALE_INPUT, FlatTensor.ofFloats(scale, 128)));
        assertTrue(FloatArrays.maxAbsDiff(scores(baked, batch), scores(runtime, withScale)) <= 1e-6);
        // A scale of ones gives the original model back.
        java.util.Arrays.fill(scale, 1f);
        EncodedBatch ones = EncodedBatch.restrictedTo(batch, Set.of("history", "lengths"),
                Map.of(SaeSplice.SCALE_INPUT, FlatTensor.ofFloats(scale, 128)));
        OnnxModelFile original = OnnxModelFile.read(ExampleFiles.resolve(MODEL));
        assertTrue(FloatArrays.maxAbsDiff(scores(original.bytes(), batch), scores(runtime, ones)) <= 1e-6);
    }

    @Test
    void replaceModeIsTheReconstruction() throws IOException {
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(steer("replace", "--mode", "replace")));
        assertTrue(m.getMetadataPropsList().stream().anyMatch(p -> p.getValue().equals("replace")));
    }

    @Test
    void steerEvalRaisesTheShareOfAnActiveLatentsItems() throws IOException {
        CliRun r = CliRun.of("steer-eval", "--run", run.toString(), "--top", "3", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        var doc = new ObjectMapper().readTree(r.stdout());
        assertEquals(610, doc.path("test_users").asInt());
        int raised = 0;
        for (var c : doc.path("concepts")) {
            assertEquals(10, c.path("items").size(), "ten concept items per latent");
            var f = c.path("factors");
            assertEquals(4, f.size());
            assertTrue(f.get(0).path("share_all_users").asDouble() <= 0.5, "chosen only if unsteered share <= 50 %");
            if (f.get(2).path("share_active_users").asDouble() > f.get(0).path("share_active_users").asDouble()) {
                raised++;
            }
            assertEquals(f.get(0).path("hr@10").asDouble(), doc.path("concepts").get(0).path("factors").get(0)
                    .path("hr@10").asDouble(), 1e-12, "factor 1 is the unsteered model for every latent");
        }
        assertTrue(raised >= 2, "factor 5 raises the share of most chosen latents: " + doc.path("concepts"));
        assertTrue(Files.exists(run.resolve("steer/steer_eval.json")));

        // Before interpretation the items come from the dictionary's own rule: interpret, run on a copy, lists the
        // same ten items, in the same order, as each latent's top items.
        Path copy = tmp.resolve("interpreted");
        copyTree(run, copy);
        StringBuilder latents = new StringBuilder();
        doc.path("concepts").forEach(c -> latents.append(latents.isEmpty() ? "" : ",").append(c.path("latent").asInt()));
        CliRun interpret = CliRun.of("interpret", "--run", copy.toString(), "--latents", latents.toString());
        assertEquals(0, interpret.exitCode(), interpret::toString);
        var dictionary = new ObjectMapper().readTree(copy.resolve("concepts/concepts.json").toFile());
        for (var c : doc.path("concepts")) {
            var entry = java.util.stream.StreamSupport.stream(dictionary.spliterator(), false)
                    .filter(e -> e.path("latent").asInt() == c.path("latent").asInt()).findFirst().orElseThrow();
            List<Long> listed = new java.util.ArrayList<>();
            entry.path("top_items").forEach(i -> listed.add(i.path("item").asLong()));
            List<Long> used = new java.util.ArrayList<>();
            c.path("items").forEach(i -> used.add(i.asLong()));
            assertEquals(listed, used, "latent " + c.path("latent").asInt());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    @Test
    void badInputs() throws IOException {
        assertCleanFailure(3, List.of("latent 128 is outside the SAE", "0..127"), "steer", "--run", run.toString(),
                "--set", "128=2", "--out", tmp.resolve("x.onnx").toString());
        assertCleanFailure(2, List.of("'lots' is not a finite number"), "steer", "--run", run.toString(),
                "--set", "3=lots", "--out", tmp.resolve("x.onnx").toString());
        Path copy = tmp.resolve("changed");
        Files.createDirectories(copy.resolve("sae"));
        for (String f : List.of("cfg.json", "sae_weights.safetensors")) {
            Files.copy(run.resolve("sae").resolve(f), copy.resolve("sae").resolve(f));
        }
        for (String f : List.of("manifest.json")) {
            ObjectNode manifest = (ObjectNode) new ObjectMapper().readTree(run.resolve(f).toFile());
            ((ObjectNode) manifest.path("stages").path("capture").path("inputs").path("model")).put("sha256", "0".repeat(64));
            Files.writeString(copy.resolve(f), manifest.toString());
        }
        assertCleanFailure(3, List.of("changed since it was captured"), "steer", "--run", copy.toString(),
                "--out", tmp.resolve("x.onnx").toString());
        assertTrue(Files.notExists(tmp.resolve("x.onnx")), "no output after a failure");
    }

    /** A plain-Java TopK SAE over the safetensors weights: the reference the ONNX splice is checked against. */
    static final class JavaSae {
        final float[] wEnc;
        final float[] bEnc;
        final float[] wDec;
        final float[] bDec;
        final int dIn;
        final int dSae;
        final int k;

        JavaSae(SafetensorsFile f, int k) {
            wEnc = f.tensors().get("W_enc").floats();
            bEnc = f.tensors().get("b_enc").floats();
            wDec = f.tensors().get("W_dec").floats();
            bDec = f.tensors().get("b_dec").floats();
            dIn = bDec.length;
            dSae = bEnc.length;
            this.k = k;
        }

        float[] codes(float[] x, int row) {
            float[] pre = new float[dSae];
            for (int j = 0; j < dSae; j++) {
                double s = bEnc[j];
                for (int d = 0; d < dIn; d++) {
                    s += (x[row * dIn + d] - bDec[d]) * wEnc[d * dSae + j];
                }
                pre[j] = (float) Math.max(0, s);
            }
            float[] sorted = pre.clone();
            java.util.Arrays.sort(sorted);
            float kth = sorted[dSae - k];
            float[] z = new float[dSae];
            for (int j = 0; j < dSae; j++) {
                z[j] = pre[j] >= kth ? pre[j] : 0;
            }
            return z;
        }

        int mostActive(float[] states) {
            float[] z = codes(states, 49);
            int best = 0;
            for (int j = 1; j < dSae; j++) {
                if (z[j] > z[best]) {
                    best = j;
                }
            }
            return best;
        }

        float[] removeLatent(float[] states, int latent) {
            float[] out = states.clone();
            for (int row = 0; row < states.length / dIn; row++) {
                float z = codes(states, row)[latent];
                for (int d = 0; d < dIn; d++) {
                    out[row * dIn + d] -= z * wDec[latent * dIn + d];
                }
            }
            return out;
        }
    }
}
