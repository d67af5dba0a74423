package org.recsae.plugins.nrms;

import java.util.List;
import org.recsae.runtime.descriptor.DescriptorReader;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.testkit.ExampleFiles;
import org.recsae.testkit.RecommenderPluginConformanceTest;

/** The conformance kit on the bundled NRMS export (examples/nrms). */
class NrmsConformanceTest extends RecommenderPluginConformanceTest {
    @Override
    protected RecommenderPlugin plugin() {
        return new NrmsPlugin();
    }

    @Override
    protected List<ModelCase> models() {
        return List.of(new ModelCase(ExampleFiles.resolve("nrms/models/nrms.onnx"),
                DescriptorReader.read(ExampleFiles.resolve("nrms/models/nrms.descriptor.json"))));
    }
}
