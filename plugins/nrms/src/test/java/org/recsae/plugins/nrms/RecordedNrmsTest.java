package org.recsae.plugins.nrms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsae.runtime.descriptor.DescriptorReader;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.probe.ProbeDiscovery;
import org.recsae.runtime.probe.ProbeReport;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.InputRole;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeRole;
import org.recsae.spi.RecommenderPlugins;
import org.recsae.testkit.ExampleFiles;

/**
 * The bundled NRMS export against what PyTorch computed (examples/nrms/train_export.py): the plugin finds the
 * roles and the user vector from the graph alone, and its encoding of the recorded histories, scored by ONNX Runtime
 * against the whole catalogue, gives PyTorch's scores (within 1e-4) and top-10 for every recorded user.
 */
class RecordedNrmsTest {
    static final double TOLERANCE = 1e-4;
    private static final Path DIR = ExampleFiles.resolve("nrms/models");
    private static JsonNode recording;
    private static OnnxModelFile model;
    private static ProbeReport report;

    @BeforeAll
    static void discover() throws Exception {
        recording = new ObjectMapper().readTree(DIR.resolve("nrms.recording.json").toFile());
        model = OnnxModelFile.read(DIR.resolve("nrms.onnx"));
        report = ProbeDiscovery.discover(model, DescriptorReader.read(DIR.resolve("nrms.descriptor.json")),
                RecommenderPlugins.of(List.of(new NrmsPlugin())), Optional.empty(), Optional.empty());
    }

    private static List<int[]> histories() {
        List<int[]> out = new ArrayList<>();
        for (JsonNode h : recording.get("histories")) {
            int[] items = new int[h.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = h.get(i).asInt();
            }
            out.add(items);
        }
        return out;
    }

    private static float[] tensor(String field) {
        byte[] bytes = Base64.getDecoder().decode(recording.get(field).get("data").asText());
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    @Test
    void rolesTokensAndUserVectorComeFromTheGraph() {
        ModelSignature s = report.signature();
        assertEquals(recording.get("inputs").get("history").asText(), s.input(InputRole.HISTORY));
        assertEquals(recording.get("inputs").get("candidates").asText(), s.input(InputRole.CANDIDATES));
        assertEquals(recording.get("output").asText(), s.scoreOutput());
        assertEquals(recording.get("max_length").asInt(), s.maxLength());
        assertEquals(recording.get("n_items").asInt(), s.itemCount());
        assertEquals(recording.get("hidden_dim").asInt(), s.hiddenDim());
        assertEquals(recording.get("tokens").asText(), s.extras().get(NrmsPlugin.TOKENS));
        assertEquals(ProbeRole.USER_STATE, report.selectedProbe().orElseThrow().role());
        assertEquals(2, report.selectedProbe().orElseThrow().shape().rank());
    }

    @Test
    void theHeadFedOnlyTheClickedItemsGivesPyTorchsUserVectors() {
        ModelSignature s = report.signature();
        String probe = report.selectedProbe().orElseThrow().tensor();
        ai.onnx.proto.OnnxMl.ModelProto head = org.recsae.runtime.graph.GraphCut.head(model, report.graph(),
                List.of(probe));
        Set<String> headInputs = Set.copyOf(org.recsae.runtime.graph.GraphCut.inputNames(head));
        assertEquals(Set.of(s.input(InputRole.HISTORY)), headInputs, "the user vector depends on the clicked items alone");
        // The encoding capture uses: the candidates' tokens are never built.
        EncodedBatch batch = new NrmsPlugin().encode(s, histories(), null, headInputs);
        assertEquals(headInputs, batch.inputs().keySet());
        float[] recorded = tensor("user_state");
        try (OrtModel session = OrtModel.load(head.toByteArray(), "nrms head", 2)) {
            float[] got = session.run(batch, Set.of(probe)).get(probe).floats();
            assertEquals(recorded.length, got.length);
            for (int i = 0; i < got.length; i++) {
                assertEquals(recorded[i], got[i], TOLERANCE, "user vector element " + i);
            }
        }
    }

    @Test
    void onnxRuntimeScoresTheRecordedUsersAsPyTorchDid() {
        ModelSignature s = report.signature();
        List<int[]> histories = histories();
        EncodedBatch batch = new NrmsPlugin().encode(s, histories, null);
        float[] recorded = tensor("scores");
        int items = s.itemCount() - 1;
        assertEquals(histories.size() * items, recorded.length);
        try (OrtModel session = OrtModel.load(model.bytes(), "nrms.onnx", 2)) {
            ItemScores scores = new NrmsPlugin().decodeScores(s,
                    session.run(batch, Set.of(s.scoreOutput())).get(s.scoreOutput()), null);
            for (int u = 0; u < histories.size(); u++) {
                float[] row = scores.rows()[u];
                assertEquals(Float.NEGATIVE_INFINITY, row[0], "padding never scores");
                double worst = 0;
                for (int c = 0; c < items; c++) {
                    worst = Math.max(worst, Math.abs(row[c + 1] - recorded[u * items + c]));
                }
                assertTrue(worst <= TOLERANCE, "user " + recording.get("users").get(u) + ": max |diff| " + worst);
                int[] top = scores.topK(u, 10);
                int[] expected = new int[10];
                for (int k = 0; k < 10; k++) {
                    expected[k] = recording.get("top10").get(u).get(k).asInt();
                }
                assertArrayEquals(expected, top, "top-10 of user " + recording.get("users").get(u));
            }
        }
    }
}
