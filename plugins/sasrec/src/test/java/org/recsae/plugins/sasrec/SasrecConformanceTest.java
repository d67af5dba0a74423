package org.recsae.plugins.sasrec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.testkit.ExampleFiles;
import org.recsae.testkit.RecommenderPluginConformanceTest;
import org.recsae.testkit.TinyModels;

/** The plugin conformance kit, on the three bundled SASRec exports. */
class SasrecConformanceTest extends RecommenderPluginConformanceTest {
    static final List<String> EXPORTS = List.of(
            "sasrec_opset14_folded", "sasrec_opset17_left", "sasrec_rechorus");

    @Override
    protected RecommenderPlugin plugin() {
        return new SasrecPlugin();
    }

    @Override
    protected List<ModelCase> models() {
        return EXPORTS.stream().map(e -> ModelCase.of(ExampleFiles.resolve("sasrec/models/" + e + ".onnx"))).toList();
    }

    @Override
    protected List<Path> foreignModels() {
        try {
            Path dir = Files.createTempDirectory("recsae-foreign");
            // Registered before the file, so the JVM deletes the file first and then the empty folder.
            dir.toFile().deleteOnExit();
            Path doubler = TinyModels.writeDoubler(dir.resolve("doubler.onnx"));
            doubler.toFile().deleteOnExit();
            return List.of(doubler,
                    ExampleFiles.resolve("dot/models/two_tower.onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
