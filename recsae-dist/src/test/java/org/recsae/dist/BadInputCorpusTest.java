package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;
import static org.recsae.testkit.BadInputAssertions.assertDirectoryHolds;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/**
 * The bad-input corpus beyond each command's own tests: broken models, logs, shards, SAE files and runs. Every case
 * must exit 3 with a message naming the file and the problem, print no stack trace, and leave nothing behind.
 */
class BadInputCorpusTest {
    static final String MODEL = "sasrec/models/sasrec_opset14_folded.onnx";

    @TempDir
    static Path shared;
    static Path trained;

    @TempDir
    Path tmp;

    @BeforeAll
    static void captureAndTrain() {
        trained = shared.resolve("run");
        assertEquals(0, BundledRuns.capture("sasrec_opset14_folded", trained).exitCode());
        assertEquals(0, CliRun.of("train", "--run", trained.toString(), "--k", "16", "--epochs", "1").exitCode());
    }

    private static OnnxMl.ModelProto bundled() throws IOException {
        return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(ExampleFiles.resolve(MODEL)));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static void inspectFails(Path model, String... fragments) {
        assertCleanFailure(3, List.of(fragments), "inspect", "--model", model.toString());
    }

    /** A copy of the trained run, to break one file of. */
    private Path copyOfRun() throws IOException {
        return RunCopies.copy(trained, tmp.resolve("run"), rel -> true);
    }

    // --- ONNX models

    @Test
    void validProtobufThatIsNotAModel() throws IOException {
        // field 1 (ir_version) = 8 and nothing else: parses as a ModelProto without a graph
        inspectFails(write("empty-model.onnx", new byte[] {0x08, 0x08}), "empty-model.onnx", "graph");
    }

    @Test
    void missingExternalDataFile() throws IOException {
        OnnxMl.ModelProto m = bundled();
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        OnnxMl.TensorProto t = g.getInitializer(0);
        g.setInitializer(0, t.toBuilder().clearRawData().clearFloatData().setDataLocation(
                OnnxMl.TensorProto.DataLocation.EXTERNAL).addExternalData(OnnxMl.StringStringEntryProto.newBuilder()
                .setKey("location").setValue("weights.bin")));
        inspectFails(write("external.onnx", m.toBuilder().setGraph(g).build().toByteArray()), "external.onnx",
                "item_emb.weight", "'weights.bin'", "does not exist");
    }

    @Test
    void opsetNewerThanTheRuntime() throws IOException {
        OnnxMl.ModelProto m = bundled();
        OnnxMl.ModelProto.Builder b = m.toBuilder().clearOpsetImport()
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(99));
        inspectFails(write("opset99.onnx", b.build().toByteArray()), "opset99.onnx", "opset", "99");
    }

    @Test
    void irVersionNewerThanTheRuntime() throws IOException {
        inspectFails(write("ir99.onnx", bundled().toBuilder().setIrVersion(99).build().toByteArray()), "ir99.onnx",
                "IR", "99");
    }

    @Test
    void absurdInputShapeIsRefusedWithoutAllocating() throws IOException {
        OnnxMl.ModelProto m = bundled();
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInputCount(); i++) {
            OnnxMl.ValueInfoProto in = g.getInput(i);
            if (in.getType().getTensorType().getShape().getDimCount() == 2) {
                OnnxMl.ValueInfoProto.Builder vb = in.toBuilder();
                vb.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).clearDimParam()
                        .setDimValue(1L << 40);
                g.setInput(i, vb);
            }
        }
        CliRun r = CliRun.of("inspect", "--model", write("huge.onnx", m.toBuilder().setGraph(g).build().toByteArray())
                .toString());
        assertEquals(3, r.exitCode(), r::toString);
        assertFalse(r.stderr().contains("\tat "), r::toString);
        assertFalse(r.stderr().contains("OutOfMemoryError"), r::toString);
    }

    @Test
    void ortOptimisedGraphWithFusedMicrosoftOps() throws Exception {
        Path optimised = tmp.resolve("optimised.onnx");
        try (ai.onnxruntime.OrtEnvironment env = org.recsae.runtime.ort.OrtModel.environment();
             ai.onnxruntime.OrtSession.SessionOptions o = new ai.onnxruntime.OrtSession.SessionOptions()) {
            o.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setOptimizedModelFilePath(optimised.toString());
            env.createSession(ExampleFiles.resolve(MODEL).toString(), o).close();
        }
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(optimised));
        boolean fused = m.getGraph().getNodeList().stream().anyMatch(n -> n.getDomain().equals("com.microsoft"));
        CliRun r = CliRun.of("inspect", "--model", optimised.toString());
        // Either it is understood like the original, or refused with a message that says why; never a crash.
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("internal error"), r::toString);
        if (r.exitCode() != 0) {
            assertEquals(3, r.exitCode(), r::toString);
            assertFalse(r.stderr().isBlank());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(fused, "ONNX Runtime fused no com.microsoft ops into this model");
    }

    // --- logs

    @Test
    void tabSeparatedLogNamedCsv() throws IOException {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("ratings.csv"), "userId\tmovieId\trating\ttimestamp\n1\t1\t4.0\t964982703\n");
        assertCleanFailure(3, List.of("ratings.csv", "movieId"), "capture", "--model",
                ExampleFiles.resolve(MODEL).toString(), "--data", data.toString(), "--run", tmp.resolve("r").toString());
        assertDirectoryHolds(tmp.resolve("r"), List.of());
    }

    @Test
    void everyUserHasOneInteraction() throws IOException {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n2,2,4.0,1\n3,3,4.0,1\n");
        // Capturing them is fine (one state each); evaluating them is not: no user has a history before a test item.
        assertCleanFailure(3, List.of("ratings.csv", "no user has a test item"), "check", "--model",
                ExampleFiles.resolve(MODEL).toString(), "--descriptor",
                ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString(), "--data", data.toString());
    }

    // --- activation shards

    private static byte[] npy(String descr, String shape, int dataBytes) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        h.append(" ".repeat(pad)).append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) h.length()).put(h.toString().getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private void trainFailsOnShard(byte[] shard, String... fragments) throws IOException {
        Path run = copyOfRun();
        Files.write(run.resolve("activations/shard-00000.npy"), shard);
        RunDirectoryCleanup.removeSae(run);
        assertCleanFailure(3, List.of(fragments), "train", "--run", run.toString(), "--epochs", "1");
        assertFalse(Files.exists(run.resolve("sae")), "train left an SAE behind");
    }

    @Test
    void shardOfTheWrongDtype() throws IOException {
        trainFailsOnShard(npy("<f8", "(100226, 64)", 8 * 64 * 4), "shard-00000.npy", "<f8");
    }

    @Test
    void shardHeaderShapeDisagreesWithItsSize() throws IOException {
        trainFailsOnShard(npy("<f4", "(100226, 64)", 4 * 64 * 10), "shard-00000.npy");
    }

    // --- SAE files

    private void evaluateFailsOnSae(String file, byte[] bytes, String... fragments) throws IOException {
        Path run = copyOfRun();
        Files.write(run.resolve("sae").resolve(file), bytes);
        assertCleanFailure(3, List.of(fragments), "evaluate", "--run", run.toString());
        assertFalse(Files.exists(run.resolve("eval")), "evaluate left a result behind");
    }

    @Test
    void corruptSafetensorsHeader() throws IOException {
        byte[] b = Files.readAllBytes(trained.resolve("sae/sae_weights.safetensors"));
        b[10] = '#';
        evaluateFailsOnSae("sae_weights.safetensors", b, "sae_weights.safetensors");
    }

    @Test
    void safetensorsOffsetsPastTheEnd() throws IOException {
        byte[] b = Files.readAllBytes(trained.resolve("sae/sae_weights.safetensors"));
        evaluateFailsOnSae("sae_weights.safetensors", java.util.Arrays.copyOf(b, b.length - 100),
                "sae_weights.safetensors");
    }

    @Test
    void cfgThatDisagreesWithTheTensors() throws IOException {
        String cfg = Files.readString(trained.resolve("sae/cfg.json")).replaceFirst("\"d_sae\" : \\d+", "\"d_sae\" : 7");
        evaluateFailsOnSae("cfg.json", cfg.getBytes(StandardCharsets.UTF_8), "cfg.json", "d_sae");
    }

    // --- runs

    @Test
    void capturedRowsThatDisagreeWithTheShards() throws IOException {
        Path run = copyOfRun();
        Path rows = run.resolve("activations/rows.csv");
        List<String> lines = Files.readAllLines(rows);
        Files.write(rows, lines.subList(0, lines.size() - 5));
        assertCleanFailure(3, List.of("rows.csv", "rows"), "interpret", "--run", run.toString());
    }

    @Test
    void verifyNamesTheFileThatChanged() throws IOException {
        Path run = copyOfRun();
        assertEquals(0, CliRun.of("verify", "--run", run.toString()).exitCode());
        Files.writeString(run.resolve("sae/metrics.json"), "{}");
        assertCleanFailure(3, List.of("train.outputs", "metrics.json", "changed"), "verify", "--run", run.toString());
    }

    @Test
    void aModelReplacedAfterCaptureIsRefused() throws IOException {
        Path run = copyOfRun();
        String manifest = Files.readString(run.resolve("manifest.json"));
        Path other = Files.copy(ExampleFiles.resolve("sasrec/models/sasrec_opset17_left.onnx"), tmp.resolve("m.onnx"));
        Files.writeString(run.resolve("manifest.json"), manifest.replace(ExampleFiles.resolve(MODEL).toString(),
                other.toString()));
        assertCleanFailure(3, List.of("m.onnx", "changed since it was captured"), "interpret", "--run", run.toString());
    }
}
