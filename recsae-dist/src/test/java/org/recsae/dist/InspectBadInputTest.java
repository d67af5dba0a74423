package org.recsae.dist;

import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;
import static org.recsae.testkit.BadInputAssertions.assertDirectoryHolds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.ExampleFiles;
import org.recsae.testkit.TinyModels;

/** Bad inputs to {@code inspect} fail with exit code 3 (bad input) or 2 (usage), a clear message, and no output. */
class InspectBadInputTest {
    @TempDir
    Path dir;

    private static Path model() {
        return ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx");
    }

    private void assertNothingWritten(String... inputs) {
        assertDirectoryHolds(dir, Arrays.asList(inputs));
    }

    @Test
    void notOnnx() throws IOException {
        Path file = Files.writeString(dir.resolve("model.onnx"), "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n");
        assertCleanFailure(3, List.of(file.toString(), "onnx"), "inspect", "--model", file.toString());
        assertNothingWritten("model.onnx");
    }

    @Test
    void truncatedOnnx() throws IOException {
        byte[] bytes = Files.readAllBytes(model());
        Path file = Files.write(dir.resolve("half.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        assertCleanFailure(3, List.of(file.toString(), "truncated"), "inspect", "--model", file.toString());
        assertNothingWritten("half.onnx");
    }

    @Test
    void halfPrecisionExportIsRefusedNamingATensor() throws IOException {
        ai.onnx.proto.OnnxMl.ModelProto model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model()));
        ai.onnx.proto.OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        String converted = null;
        // What an fp16 export does to the weights: every float initializer becomes float16 (2 bytes per value).
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            ai.onnx.proto.OnnxMl.TensorProto t = graph.getInitializer(i);
            if (t.getDataType() == ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE && t.hasRawData()) {
                converted = converted == null ? t.getName() : converted;
                byte[] raw = t.getRawData().toByteArray();
                graph.setInitializer(i, t.toBuilder()
                        .setDataType(ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT16_VALUE)
                        .setRawData(com.google.protobuf.ByteString.copyFrom(raw, 0, raw.length / 2)));
            }
        }
        Path file = Files.write(dir.resolve("fp16.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
        assertCleanFailure(3, List.of(file.toString(), "half-precision", "'" + converted + "'", "float32"),
                "inspect", "--model", file.toString());
        assertNothingWritten("fp16.onnx");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertCleanFailure(3, List.of(file.toString(), "empty"), "inspect", "--model", file.toString());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nowhere.onnx");
        assertCleanFailure(3, List.of(file.toString(), "does not exist"), "inspect", "--model", file.toString());
    }

    @Test
    void unknownProbeSuggestsNearestNames() {
        assertCleanFailure(2, List.of("--probe 'user_stat'", "nearest names"),
                "inspect", "--model", model().toString(), "--probe", "user_stat");
    }

    @Test
    void graphNoPluginRecognisesListsEachPluginsReason() {
        Path file = TinyModels.writeDoubler(dir.resolve("doubler.onnx"));
        assertCleanFailure(3, List.of("no plugin recognises", "sasrec:", "Add"), "inspect", "--model", file.toString());
        assertNothingWritten("doubler.onnx");
    }

    @Test
    void unknownPluginListsTheAvailableOnes() {
        assertCleanFailure(2, List.of("no recommender plugin named 'bert4rec'", "available: ", "sasrec"),
                "inspect", "--model", model().toString(), "--plugin", "bert4rec");
    }

    @Test
    void descriptorThatIsNotJson() throws IOException {
        Path d = Files.writeString(dir.resolve("d.json"), "{\"version\": 1,,}");
        assertCleanFailure(3, List.of(d.toString(), "not valid JSON", "line 1"),
                "inspect", "--model", model().toString(), "--descriptor", d.toString());
    }

    @Test
    void descriptorWithUnknownField() throws IOException {
        Path d = Files.writeString(dir.resolve("d.json"), "{\"version\": 1, \"padding\": \"left\"}");
        assertCleanFailure(3, List.of(d.toString(), "unknown field 'padding'", "padding_side"),
                "inspect", "--model", model().toString(), "--descriptor", d.toString());
    }

    @Test
    void descriptorWithBadPaddingSide() throws IOException {
        Path d = Files.writeString(dir.resolve("d.json"), "{\"version\": 1, \"padding_side\": \"middle\"}");
        assertCleanFailure(3, List.of("'padding_side'", "\"left\" or \"right\"", "middle"),
                "inspect", "--model", model().toString(), "--descriptor", d.toString());
    }

    @Test
    void descriptorWithWrongTypeOrVersion() throws IOException {
        Path d = Files.writeString(dir.resolve("d.json"), "{\"version\": 1, \"max_length\": \"fifty\"}");
        assertCleanFailure(3, List.of("'max_length'", "integer", "fifty"),
                "inspect", "--model", model().toString(), "--descriptor", d.toString());
        Path v = Files.writeString(dir.resolve("v.json"), "{\"version\": 7}");
        assertCleanFailure(3, List.of("'version'", "7"),
                "inspect", "--model", model().toString(), "--descriptor", v.toString());
        Path none = Files.writeString(dir.resolve("n.json"), "{}");
        assertCleanFailure(3, List.of("'version' is required"),
                "inspect", "--model", model().toString(), "--descriptor", none.toString());
    }

    @Test
    void descriptorNamingAMissingInput() throws IOException {
        Path d = Files.writeString(dir.resolve("d.json"), "{\"version\": 1, \"inputs\": {\"history\": \"hist\"}}");
        assertCleanFailure(3, List.of("inputs.history", "'hist'"),
                "inspect", "--model", model().toString(), "--descriptor", d.toString());
    }
}
