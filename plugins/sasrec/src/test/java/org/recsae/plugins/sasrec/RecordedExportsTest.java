package org.recsae.plugins.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recsae.runtime.graph.GraphTaps;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.probe.ProbeDiscovery;
import org.recsae.runtime.probe.ProbeReport;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.InputRole;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeRole;
import org.recsae.spi.RecommenderPlugins;
import org.recsae.testkit.ExampleFiles;

/**
 * Checks discovery and encoding against what PyTorch computed for 20 fixed users of each bundled export: the
 * proposed probe tensors hold the recorded hidden states, and ONNX Runtime's scores and top-10 match.
 */
class RecordedExportsTest {
    static final double TOLERANCE = 1e-5;

    static List<String> exports() {
        return SasrecConformanceTest.EXPORTS;
    }

    private record Setup(OnnxModelFile model, Recording recording, ProbeReport report) {
        ModelSignature signature() {
            return report.signature();
        }
    }

    private static Setup setup(String export) throws Exception {
        Path dir = ExampleFiles.resolve("sasrec/models");
        OnnxModelFile model = OnnxModelFile.read(dir.resolve(export + ".onnx"));
        Recording recording = Recording.read(dir.resolve(export + ".recording.json"));
        ProbeReport report = ProbeDiscovery.discover(model, ModelDescriptor.empty(),
                RecommenderPlugins.of(List.of(new SasrecPlugin())), Optional.empty(), Optional.empty());
        return new Setup(model, recording, report);
    }

    @ParameterizedTest
    @MethodSource("exports")
    void signatureMatchesTheExport(String export) throws Exception {
        Setup s = setup(export);
        ModelSignature sig = s.signature();
        assertEquals(s.recording().inputName("history"), sig.input(InputRole.HISTORY));
        assertEquals(s.recording().inputName("lengths"), sig.input(InputRole.LENGTHS));
        assertEquals(s.recording().inputName("candidates"),
                sig.hasInput(InputRole.CANDIDATES) ? sig.input(InputRole.CANDIDATES) : null);
        assertEquals(s.recording().output(), sig.scoreOutput());
        assertEquals(s.recording().json().get("padding_side").asText(), sig.requirePaddingSide().jsonName());
        assertEquals(s.recording().json().get("max_length").asInt(), sig.maxLength());
        assertEquals(s.recording().json().get("n_items").asInt(), sig.itemCount());
        assertEquals(s.recording().json().get("hidden_dim").asInt(), sig.hiddenDim());
    }

    @ParameterizedTest
    @MethodSource("exports")
    void encodingReproducesTheRecordedInput(String export) throws Exception {
        Setup s = setup(export);
        EncodedBatch batch = new SasrecPlugin().encode(s.signature(), s.recording().histories(), null);
        assertArrayEquals(s.recording().paddedHistory(), batch.inputs().get(s.signature().input(InputRole.HISTORY)).longs());
    }

    @ParameterizedTest
    @MethodSource("exports")
    void proposedProbesHoldTheRecordedHiddenStates(String export) throws Exception {
        Setup s = setup(export);
        String user = s.report().candidate(ProbeRole.USER_STATE).orElseThrow().tensor();
        String sequence = s.report().candidate(ProbeRole.SEQUENCE_STATES).orElseThrow().tensor();
        byte[] tapped = GraphTaps.withOutputs(s.model().proto(), s.model().graph(), List.of(user, sequence)).toByteArray();
        EncodedBatch batch = new SasrecPlugin().encode(s.signature(), s.recording().histories(), null);
        try (OrtModel session = OrtModel.load(tapped, export, 1)) {
            Map<String, FlatTensor> out = session.run(batch, Set.of(user, sequence));
            assertClose("user_state", s.recording().shape("user_state"), s.recording().tensor("user_state"), out.get(user));
            assertClose("sequence_states", s.recording().shape("sequence_states"),
                    s.recording().tensor("sequence_states"), out.get(sequence));
        }
    }

    @ParameterizedTest
    @MethodSource("exports")
    void scoresAndTop10MatchPyTorch(String export) throws Exception {
        Setup s = setup(export);
        SasrecPlugin plugin = new SasrecPlugin();
        EncodedBatch batch = plugin.encode(s.signature(), s.recording().histories(), null);
        try (OrtModel session = OrtModel.load(s.model().bytes(), export, 1)) {
            FlatTensor raw = session.run(batch, Set.of(s.signature().scoreOutput())).get(s.signature().scoreOutput());
            assertClose("scores", s.recording().shape("scores"), s.recording().tensor("scores"), raw);
            ItemScores scores = plugin.decodeScores(s.signature(), raw, null);
            int[][] expected = s.recording().top10();
            for (int b = 0; b < s.recording().users(); b++) {
                assertSameTop10(b, expected[b], scores.topK(b, 10), scores.rows()[b]);
            }
        }
    }

    /** Same sets, except that items whose scores are within the tolerance of the 10th may swap in or out. */
    private static void assertSameTop10(int user, int[] expected, int[] actual, float[] row) {
        float tenth = row[actual[actual.length - 1]];
        Set<Integer> e = new HashSet<>();
        for (int i : expected) {
            e.add(i);
        }
        Set<Integer> a = new HashSet<>();
        for (int i : actual) {
            a.add(i);
        }
        for (int i : actual) {
            if (!e.contains(i)) {
                assertTrue(Math.abs(row[i] - tenth) <= TOLERANCE, "user " + user + ": item " + i + " in ONNX Runtime's"
                        + " top-10 but not PyTorch's, and not tied with the 10th score");
            }
        }
        for (int i : expected) {
            if (!a.contains(i)) {
                assertTrue(Math.abs(row[i] - tenth) <= TOLERANCE, "user " + user + ": item " + i + " in PyTorch's"
                        + " top-10 but not ONNX Runtime's, and not tied with the 10th score");
            }
        }
    }

    private static void assertClose(String what, long[] expectedShape, float[] expected, FlatTensor actual) {
        assertArrayEquals(expectedShape, actual.shape(), what + " shape");
        float[] got = actual.floats();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(got[i] - expected[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        double w = worst;
        int where = at;
        assertTrue(worst <= TOLERANCE, () -> what + ": max |ONNX Runtime - PyTorch| = " + w + " at flat index " + where);
    }
}
