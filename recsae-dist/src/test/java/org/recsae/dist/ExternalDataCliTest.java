package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.graph.SessionGraph;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;
import org.recsae.testkit.ExternalDataCopy;
import org.recsae.testkit.FloatArrays;

/**
 * Models whose weights live in external data files (how models over 2 GB are saved), and sessions that read a
 * model's own large weights from its file instead of copying them.
 */
class ExternalDataCliTest {
    static final String MODEL = "sasrec/models/sasrec_opset14_folded.onnx";

    @TempDir
    Path tmp;

    private static EncodedBatch batch() {
        int users = 3;
        long[] history = new long[users * 50];
        for (int i = 0; i < history.length; i++) {
            history[i] = i % 50 < 20 + 10 * (i / 50) ? 1 + (i * 37L) % 9000 : 0;
        }
        return new EncodedBatch(users, Map.of("history", FlatTensor.ofLongs(history, users, 50),
                "lengths", FlatTensor.ofLongs(new long[] {20, 30, 40}, users)));
    }

    private static float[] scores(SessionGraph graph) {
        try (OrtModel m = OrtModel.load(graph, "test", 1)) {
            return m.run(batch(), Set.of("scores")).get("scores").floats();
        }
    }

    private static float[] scoresByPath(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtModel.environment().createSession(model.toString(), options)) {
            EncodedBatch b = batch();
            var history = ai.onnxruntime.OnnxTensor.createTensor(OrtModel.environment(),
                    java.nio.LongBuffer.wrap(b.inputs().get("history").longs()), new long[] {3, 50});
            var lengths = ai.onnxruntime.OnnxTensor.createTensor(OrtModel.environment(),
                    java.nio.LongBuffer.wrap(b.inputs().get("lengths").longs()), new long[] {3});
            try (history; lengths; OrtSession.Result r = session.run(Map.of("history", history, "lengths", lengths))) {
                float[][] out = (float[][]) r.get(0).getValue();
                float[] flat = new float[out.length * out[0].length];
                for (int i = 0; i < out.length; i++) {
                    System.arraycopy(out[i], 0, flat, i * out[0].length, out[0].length);
                }
                return flat;
            }
        }
    }

    @Test
    void sessionsReadTheModelsOwnWeightsFromItsFile() throws IOException {
        Path path = ExampleFiles.resolve(MODEL);
        OnnxModelFile model = OnnxModelFile.read(path);
        SessionGraph referenced = model.sessionGraph();
        assertTrue(referenced.dataFolder().isPresent());
        assertTrue(referenced.bytes().length * 5L < Files.size(path),
                "the item tables should be references, not copies: " + referenced.bytes().length + " bytes");
        float[] inline = scores(SessionGraph.inline(model.bytes()));
        assertArrayEquals(inline, scores(referenced), "the same weights, read from the file");
    }

    @Test
    void aRewrittenInitializerIsNeverReplacedByTheFilesBytes() {
        OnnxModelFile model = OnnxModelFile.read(ExampleFiles.resolve(MODEL));
        OnnxMl.GraphProto.Builder graph = model.proto().getGraph().toBuilder();
        int largest = 0;
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            if (graph.getInitializer(i).getRawData().size() > graph.getInitializer(largest).getRawData().size()) {
                largest = i;
            }
        }
        OnnxMl.TensorProto t = graph.getInitializer(largest);
        byte[] zeros = new byte[t.getRawData().size()];
        graph.setInitializer(largest, t.toBuilder().setRawData(ByteString.copyFrom(zeros)));
        SessionGraph edited = SessionGraph.of(model, model.proto().toBuilder().setGraph(graph).build());
        assertTrue(edited.bytes().length > zeros.length, "the edited table travels with the graph");
        double moved = FloatArrays.maxAbsDiff(scores(model.sessionGraph()), scores(edited));
        assertTrue(moved > 1e-3, "zeroing '" + t.getName() + "' must change the scores, moved " + moved);
    }

    @Test
    void captureTrainAndSteerAnExternalDataModel() throws Exception {
        Path original = ExampleFiles.resolve(MODEL);
        Path written = ExternalDataCopy.write(original, tmp.resolve("model"), "sasrec.onnx", 1024);
        assertTrue(Files.size(written) * 5 < Files.size(original), "the copy keeps its weights outside");
        // The data sits in a blob folder behind a relative link, and the model is named through "./".
        Path stored = Files.createDirectories(tmp.resolve("model/blobs")).resolve("sasrec.onnx.data");
        Files.move(written.resolveSibling("sasrec.onnx.data"), stored);
        Files.createSymbolicLink(written.resolveSibling("sasrec.onnx.data"), Path.of("blobs/sasrec.onnx.data"));
        Path external = tmp.resolve("model/./sasrec.onnx");
        assertArrayEquals(scores(OnnxModelFile.read(original).sessionGraph()),
                scores(OnnxModelFile.read(external).sessionGraph()));

        Path runA = tmp.resolve("a");
        Path runB = tmp.resolve("b");
        assertEquals(0, BundledRuns.capture("sasrec_opset14_folded", runA, "--positions", "last").exitCode());
        CliRun c = CliRun.of("capture", "--model", external.toString(), "--descriptor",
                ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString(), "--data",
                ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", runB.toString(), "--positions", "last");
        assertEquals(0, c.exitCode(), c::toString);
        for (String file : List.of("activations/rows.csv", "activations/shard-00000.npy")) {
            assertArrayEquals(Files.readAllBytes(runA.resolve(file)), Files.readAllBytes(runB.resolve(file)), file);
        }
        CliRun t = CliRun.of("train", "--run", runB.toString(), "--scale", "2", "--k", "8", "--epochs", "1");
        assertEquals(0, t.exitCode(), t::toString);

        Path out = tmp.resolve("served/steered.onnx");
        CliRun s = CliRun.of("steer", "--run", runB.toString(), "--out", out.toString());
        assertEquals(0, s.exitCode(), s::toString);
        Path data = out.resolveSibling("sasrec.onnx.data");
        assertTrue(Files.isSameFile(data, stored), "the data file is linked beside the steered model, not copied");
        assertTrue(Files.size(out) < Files.size(original) / 5, "the steered model keeps the data references");
        double diff = FloatArrays.maxAbsDiff(scoresByPath(original), scoresByPath(out));
        assertTrue(diff <= 1e-6, "identity steering of the external-data model changed scores by " + diff);
    }

    @Test
    void externalDataThatCannotBeReadIsNamed() throws IOException {
        Path model = ExternalDataCopy.write(ExampleFiles.resolve(MODEL), tmp.resolve("m"), "sasrec.onnx", 1024);
        Path data = model.resolveSibling("sasrec.onnx.data");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertCleanFailure(3, List.of(data.toString(), "truncated"), "inspect", "--model", model.toString());
        // Without length entries the dims say how many bytes each tensor reads.
        OnnxMl.ModelProto withLengths = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model));
        OnnxMl.GraphProto.Builder noLengths = withLengths.getGraph().toBuilder();
        for (int i = 0; i < noLengths.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = noLengths.getInitializer(i);
            noLengths.setInitializer(i, t.toBuilder().clearExternalData().addAllExternalData(t.getExternalDataList()
                    .stream().filter(e -> !e.getKey().equals("length")).toList()));
        }
        Path unmeasured = model.resolveSibling("unmeasured.onnx");
        Files.write(unmeasured, withLengths.toBuilder().setGraph(noLengths).build().toByteArray());
        assertCleanFailure(3, List.of(data.toString(), "truncated"), "inspect", "--model", unmeasured.toString());
        // a link out of the model's folder, which ONNX Runtime would refuse
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere")).resolve("sasrec.onnx.data");
        Files.move(data, elsewhere);
        Files.createSymbolicLink(data, elsewhere);
        assertCleanFailure(3, List.of(elsewhere.toString(), "outside the model's folder"), "inspect", "--model",
                model.toString());
        Files.delete(data);
        assertCleanFailure(3, List.of("sasrec.onnx.data", "does not exist"), "inspect", "--model", model.toString());

        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model));
        OnnxMl.GraphProto.Builder g = proto.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = g.getInitializer(i);
            if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                g.setInitializer(i, t.toBuilder().setExternalData(0, t.getExternalData(0).toBuilder()
                        .setValue("../outside.data")));
                break;
            }
        }
        Path escaping = tmp.resolve("m/escaping.onnx");
        Files.write(escaping, proto.toBuilder().setGraph(g).build().toByteArray());
        CliRun r = assertCleanFailure(3, List.of("../outside.data", "inside the model's folder"), "inspect", "--model",
                escaping.toString());
        assertFalse(r.stderr().contains("Exception"), r::toString);
    }
}
