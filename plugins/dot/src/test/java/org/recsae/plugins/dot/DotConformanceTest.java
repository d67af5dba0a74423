package org.recsae.plugins.dot;

import java.util.List;
import org.recsae.runtime.descriptor.DescriptorReader;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.testkit.ExampleFiles;
import org.recsae.testkit.RecommenderPluginConformanceTest;

/** The conformance kit on the bundled two-tower model, driven by its descriptor alone. */
class DotConformanceTest extends RecommenderPluginConformanceTest {
    @Override
    protected RecommenderPlugin plugin() {
        return new DotPlugin();
    }

    @Override
    protected List<ModelCase> models() {
        return List.of(new ModelCase(ExampleFiles.resolve("dot/models/two_tower.onnx"),
                DescriptorReader.read(ExampleFiles.resolve("dot/models/two_tower.descriptor.json"))));
    }
}
