package org.recsae.runtime.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.cli.Command;
import org.recsae.runtime.cli.Main;
import org.recsae.spi.BadInputException;

class PipelineConfigTest {
    @TempDir
    Path dir;

    private Path config(String json) throws IOException {
        Path f = dir.resolve("pipeline.json");
        Files.writeString(f, json);
        return f;
    }

    private static final String BASE = "\"version\": 1, \"run\": \"out\", \"capture\": {\"model\": \"m.onnx\", \"data\": \"d\"}";

    @Test
    void everyFlagOfEveryStageCommandHasAConfigField() {
        for (PipelineStage stage : PipelineStage.values()) {
            Command command = Main.command(stage.command());
            assertNotNull(command, stage.command());
            Set<String> flags = command.options().getOptions().stream().map(Option::getLongOpt)
                    .filter(f -> !f.equals("run") && !f.equals("json")).collect(Collectors.toCollection(TreeSet::new));
            Set<String> fields = stage.fields().keySet().stream().map(PipelineStage::flag)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(flags, fields, "config fields of '" + stage.section() + "'");
        }
    }

    @Test
    void sectionsBecomeTheirCommandsFlagsWithPathsResolved() throws IOException {
        PipelineConfig c = PipelineConfig.read(config("{" + BASE + ", \"train\": {\"k\": 16, \"lr\": 0.002},"
                + " \"interpret\": {\"latents\": 20, \"interpreter_option\": {\"terms\": 8}},"
                + " \"steer\": {\"set\": [\"3=5\", \"4=0\"], \"runtime_scale\": true, \"out\": \"s.onnx\"}}"), Optional.empty());
        Path run = Path.of("out").toAbsolutePath().normalize();
        assertEquals(run, c.run());
        assertEquals(List.of(PipelineStage.CAPTURE, PipelineStage.TRAIN, PipelineStage.INTERPRET, PipelineStage.STEER),
                List.copyOf(c.arguments().keySet()));
        assertEquals(List.of("--run", run.toString(), "--model", dir.resolve("m.onnx").toString(), "--data",
                dir.resolve("d").toString()), c.arguments().get(PipelineStage.CAPTURE));
        assertEquals(List.of("--run", run.toString(), "--k", "16", "--lr", "0.002"), c.arguments().get(PipelineStage.TRAIN));
        assertEquals(List.of("--run", run.toString(), "--latents", "20", "--interpreter-option", "terms=8"),
                c.arguments().get(PipelineStage.INTERPRET));
        assertEquals(List.of("--run", run.toString(), "--set", "3=5", "--set", "4=0", "--runtime-scale", "--out",
                run.resolve("s.onnx").toString()), c.arguments().get(PipelineStage.STEER));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badConfigs() {
        return java.util.stream.Stream.of(
                case_("unknown top-level field", "{" + BASE + ", \"trian\": {}}", "unknown field 'trian'", "train"),
                case_("unknown stage field", "{" + BASE + ", \"train\": {\"kk\": 16}}", "unknown field 'train.kk'",
                        "k,"),
                case_("string for an integer", "{" + BASE + ", \"train\": {\"k\": \"sixteen\"}}",
                        "'train.k' must be an integer", "\"sixteen\""),
                case_("list for a number", "{" + BASE + ", \"train\": {\"lr\": [1]}}", "'train.lr' must be a number",
                        "a list"),
                case_("object for a list", "{" + BASE + ", \"steer\": {\"set\": {\"3\": 5}, \"out\": \"s\"}}",
                        "'steer.set' must be a list"),
                case_("missing required field", "{" + BASE + ", \"steer\": {\"set\": [\"3=5\"]}}",
                        "'steer.out' is required"),
                case_("bad map value", "{" + BASE + ", \"interpret\": {\"interpreter_option\": {\"terms\": [1]}}}",
                        "'interpret.interpreter_option.terms'"),
                case_("section that is not an object", "{" + BASE + ", \"train\": 16}", "'train' must be an object"),
                case_("wrong version", "{\"version\": 2, \"run\": \"x\"}", "'version' must be 1"),
                case_("no run directory", "{\"version\": 1, \"capture\": {\"model\": \"m\", \"data\": \"d\"}}",
                        "'run'", "--run"),
                case_("missing model", "{\"version\": 1, \"run\": \"x\", \"capture\": {\"data\": \"d\"}}",
                        "'capture.model' is required"),
                case_("not an object", "[1, 2]", "expected a JSON object"));
    }

    private static org.junit.jupiter.params.provider.Arguments case_(String name, String json, String... fragments) {
        return org.junit.jupiter.params.provider.Arguments.of(name, json, List.of(fragments));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("badConfigs")
    void aBadConfigIsRefusedNamingTheField(String name, String json, List<String> fragments) throws IOException {
        Path f = config(json);
        BadInputException e = assertThrows(BadInputException.class, () -> PipelineConfig.read(f, Optional.empty()));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
