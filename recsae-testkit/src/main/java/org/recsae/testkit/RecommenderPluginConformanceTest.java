package org.recsae.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.recsae.runtime.graph.GraphCut;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.ort.TailSession;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.sae.TopKSae;
import org.recsae.runtime.steer.SaeSplice;
import org.recsae.runtime.steer.SteeringMode;
import org.recsae.runtime.steer.SteeringPlan;
import org.recsae.runtime.ort.OrtModel;
import org.recsae.runtime.probe.ProbeDiscovery;
import org.recsae.runtime.probe.ProbeReport;
import org.recsae.runtime.probe.SyntheticHistories;
import org.recsae.spi.BadInputException;
import org.recsae.spi.EncodedBatch;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.HistoryEncoding;
import org.recsae.spi.InputRole;
import org.recsae.spi.ItemScores;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.ProbeRole;
import org.recsae.spi.Recognition;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.spi.RecommenderPlugins;

/**
 * The checks every {@link RecommenderPlugin} must pass, run on models its author supplies. Extend it in the
 * plugin's tests and implement {@link #plugin()} and {@link #models()}; every check then runs once per model.
 */
public abstract class RecommenderPluginConformanceTest {

    /** The plugin under test. */
    protected abstract RecommenderPlugin plugin();

    /** Models the plugin must recognise, each with the descriptor it needs (often empty). */
    protected abstract List<ModelCase> models();

    /** Models the plugin must decline, with a reason. */
    protected List<Path> foreignModels() {
        return List.of();
    }

    /** A model file and the descriptor it is read with. */
    public record ModelCase(Path model, ModelDescriptor descriptor) {
        public static ModelCase of(Path model) {
            return new ModelCase(model, ModelDescriptor.empty());
        }

        @Override
        public String toString() {
            return model.getFileName().toString();
        }
    }

    private Stream<DynamicTest> perModel(String check, ModelCheck body) {
        List<DynamicTest> tests = new ArrayList<>();
        for (ModelCase c : models()) {
            tests.add(dynamicTest(check + " [" + c + "]", () -> body.run(c, OnnxModelFile.read(c.model()))));
        }
        return tests.stream();
    }

    private interface ModelCheck {
        void run(ModelCase c, OnnxModelFile model) throws Exception;
    }

    private ProbeReport discover(ModelCase c, OnnxModelFile model) {
        return ProbeDiscovery.discover(model, c.descriptor(), RecommenderPlugins.of(List.of(plugin())),
                Optional.of(plugin().name()), Optional.empty());
    }

    @Test
    void pluginIsRegisteredUnderItsName() {
        RecommenderPlugin found = RecommenderPlugins.discover().forName(plugin().name());
        assertEquals(plugin().getClass(), found.getClass(),
                "META-INF/services/org.recsae.spi.RecommenderPlugin must register " + plugin().getClass().getName());
        assertTrue(plugin().name().matches("[a-z][a-z0-9-]{0,63}"), "plugin name " + plugin().name());
        assertFalse(plugin().version().isBlank(), "plugin version must not be blank");
    }

    @TestFactory
    Stream<DynamicTest> recognisesItsModels() {
        return perModel("recognises", (c, model) -> {
            Recognition r = plugin().recognize(model.graph(), c.descriptor());
            assertTrue(r.isAccepted(), () -> "plugin declined " + c + ": " + r.reason());
            ModelSignature s = r.signature().get();
            assertTrue(model.graph().input(s.input(InputRole.HISTORY)).isPresent(), "history names a real input");
            assertTrue(model.graph().outputs().stream().anyMatch(o -> o.name().equals(s.scoreOutput())),
                    "score output names a real output");
        });
    }

    @TestFactory
    Stream<DynamicTest> declinesForeignModelsWithAReason() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : foreignModels()) {
            tests.add(dynamicTest("declines [" + p.getFileName() + "]", () -> {
                Recognition r = plugin().recognize(OnnxModelFile.read(p).graph(), ModelDescriptor.empty());
                assertFalse(r.isAccepted(), "plugin should decline " + p);
                assertFalse(r.reason().isBlank(), "a declined graph needs a reason");
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> proposesUserStateAndSequenceStatesWithTheRightShapes() {
        return perModel("probe shapes", (c, model) -> {
            ProbeReport report = discover(c, model);
            ModelSignature s = report.signature();
            ProbeCandidate user = report.candidate(ProbeRole.USER_STATE).orElseThrow(
                    () -> new AssertionError("no user_state candidate; warnings " + report.warnings()));
            assertEquals(2, user.shape().rank(), "user_state rank, shape " + user.shape());
            assertEquals("batch", user.shape().symbol(0), "user_state's first axis follows the batch");
            assertEquals(s.hiddenDim(), user.shape().dim(1), "user_state width equals the item table width");
            Optional<ProbeCandidate> seq = report.candidate(ProbeRole.SEQUENCE_STATES);
            if (seq.isPresent()) {
                assertEquals(3, seq.get().shape().rank(), "sequence_states rank, shape " + seq.get().shape());
                assertEquals("batch", seq.get().shape().symbol(0));
                assertEquals(s.maxLength(), seq.get().shape().dim(1), "sequence axis equals max length");
                assertEquals(s.hiddenDim(), seq.get().shape().dim(2));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> userStateIsTheLastValidSequenceState() {
        return perModel("user state = last valid sequence state", (c, model) -> {
            ProbeReport report = discover(c, model);
            if (report.candidate(ProbeRole.SEQUENCE_STATES).isEmpty()) {
                return;
            }
            assertTrue(report.signature().paddingSide().isPresent(), "padding side settled: " + report.warnings());
            assertTrue(report.checks().stream().anyMatch(x -> x.startsWith("user_state")),
                    "numeric check ran: " + report.checks() + " warnings " + report.warnings());
            assertTrue(report.warnings().isEmpty(), "no warnings expected: " + report.warnings());
        });
    }

    @TestFactory
    Stream<DynamicTest> encodingRejectsItemsOutsideTheTable() {
        return perModel("encode rejects bad ids", (c, model) -> {
            ModelSignature s = discover(c, model).signature();
            assertThrows(BadInputException.class, () -> plugin().encode(s, List.of(new int[] {1, s.itemCount()}), null));
            assertThrows(BadInputException.class, () -> plugin().encode(s, List.of(new int[] {-1}), null));
            assertThrows(BadInputException.class, () -> plugin().encode(s, List.of(new int[0]), null));
        });
    }

    @TestFactory
    Stream<DynamicTest> tailOfHeadEqualsTheFullModelAtEveryCandidate() {
        return perModel("tail(head(x)) = model(x)", (c, model) -> {
            ProbeReport report = discover(c, model);
            ModelSignature s = report.signature();
            List<int[]> histories = SyntheticHistories.make(s, 4, 11);
            EncodedBatch batch = plugin().encode(s, histories, null);
            float[] full;
            try (OrtModel session = OrtModel.load(model.sessionGraph(), c.toString(), 1)) {
                full = session.run(batch, Set.of(s.scoreOutput())).get(s.scoreOutput()).floats();
            }
            assertFalse(report.candidates().isEmpty(), "no probe candidates");
            for (ProbeCandidate candidate : report.candidates()) {
                var headProto = GraphCut.head(model, report.graph(), List.of(candidate.tensor()));
                org.recsae.runtime.graph.SessionGraph head = org.recsae.runtime.graph.SessionGraph.of(model, headProto);
                Set<String> headInputs = Set.copyOf(GraphCut.inputNames(headProto));
                FlatTensor states;
                try (OrtModel session = OrtModel.load(head, c + " head", 1)) {
                    states = session.run(EncodedBatch.restrictedTo(batch, headInputs), Set.of(candidate.tensor()))
                            .get(candidate.tensor());
                }
                try (TailSession tail = TailSession.open(model, report.graph(), candidate.tensor(), s.scoreOutput(), 1)) {
                    float[] split = tail.score(batch, states).floats();
                    assertEquals(full.length, split.length, "score count through " + candidate.tensor());
                    double worst = FloatArrays.maxAbsDiff(full, split);
                    assertTrue(worst <= 1e-5, "tail(head(x)) differs from the model by " + worst + " when cut at "
                            + candidate.role().jsonName() + " '" + candidate.tensor() + "'");
                }
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> identitySpliceReproducesTheScores() {
        return perModel("identity SAE splice = model", (c, model) -> {
            ProbeReport report = discover(c, model);
            ModelSignature s = report.signature();
            EncodedBatch batch = plugin().encode(s, SyntheticHistories.make(s, 3, 13), null);
            float[] full;
            try (OrtModel session = OrtModel.load(model.sessionGraph(), c.toString(), 1)) {
                full = session.run(batch, Set.of(s.scoreOutput())).get(s.scoreOutput()).floats();
            }
            for (ProbeCandidate candidate : report.candidates()) {
                int width = (int) candidate.shape().dim(candidate.shape().rank() - 1);
                SaeFiles sae;
                try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
                    TopKSae random = TopKSae.initialize(manager, width, 4 * width, Math.min(8, width), new float[width], 5);
                    sae = new SaeFiles(random.tensors(), SaeFiles.cfg(width, 4 * width, Math.min(8, width),
                            org.recsae.runtime.store.Json.object()), null);
                }
                org.recsae.runtime.graph.SessionGraph spliced = org.recsae.runtime.graph.SessionGraph.of(model,
                        SaeSplice.splice(model, candidate.tensor(), sae, new SteeringPlan(sae.dSae()),
                                SteeringMode.DELTA, false, java.util.Map.of()));
                try (OrtModel session = OrtModel.load(spliced, c + " spliced at " + candidate.tensor(), 1)) {
                    float[] got = session.run(batch, Set.of(s.scoreOutput())).get(s.scoreOutput()).floats();
                    double worst = FloatArrays.maxAbsDiff(full, got);
                    assertTrue(worst <= 1e-6, "an SAE spliced at " + candidate.tensor() + " with every factor 1 moved"
                            + " the scores by " + worst);
                }
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> decodedScoresCoverTheCatalogueAndSkipPadding() {
        return perModel("decode scores", (c, model) -> {
            ModelSignature s = discover(c, model).signature();
            List<int[]> histories = SyntheticHistories.make(s, 2, 5);
            EncodedBatch batch = plugin().encode(s, histories, null);
            try (OrtModel session = OrtModel.load(model.sessionGraph(), c.toString(), 1)) {
                FlatTensor scores = session.run(batch, Set.of(s.scoreOutput())).get(s.scoreOutput());
                ItemScores decoded = plugin().decodeScores(s, scores, null);
                assertEquals(2, decoded.batchSize());
                assertEquals(s.itemCount(), decoded.rows()[0].length);
                assertEquals(Float.NEGATIVE_INFINITY, decoded.rows()[0][s.paddingId()], "padding is never recommended");
                int[] top = decoded.topK(0, 10);
                assertEquals(10, top.length);
                int scored = 0;
                for (float v : decoded.rows()[1]) {
                    if (v != Float.NEGATIVE_INFINITY) {
                        scored++;
                    }
                }
                assertEquals(HistoryEncoding.allItemIndices(s).length, scored, "every non-padding item is scored");
            }
        });
    }
}
