package org.recsae.runtime.capture;

import java.nio.file.Path;
import java.util.Optional;
import org.recsae.runtime.descriptor.DescriptorReader;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.probe.ProbeDiscovery;
import org.recsae.runtime.probe.ProbeReport;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.spi.RecommenderPlugins;

/**
 * A model with its descriptor, the plugin that understands it and what discovery found: what every stage after
 * {@code inspect} starts from.
 */
public record ProbedModel(OnnxModelFile model, Optional<Path> descriptorFile, ModelDescriptor descriptor,
                          RecommenderPlugin plugin, ProbeReport report) {

    public static ProbedModel open(Path model, Optional<Path> descriptorFile, Optional<String> plugin,
                                   Optional<String> probe) {
        OnnxModelFile file = OnnxModelFile.read(model);
        ModelDescriptor descriptor = descriptorFile.map(DescriptorReader::read).orElseGet(ModelDescriptor::empty);
        RecommenderPlugins plugins = RecommenderPlugins.discover();
        ProbeReport report = ProbeDiscovery.discover(file, descriptor, plugins, plugin, probe);
        return new ProbedModel(file, descriptorFile, descriptor, plugins.forName(report.pluginName()), report);
    }

    /** The signature, which must know its padding side by now. */
    public ModelSignature signature() {
        ModelSignature s = report.signature();
        if (s.paddingSide().isEmpty()) {
            throw new BadInputException("model " + model.path() + ": cannot tell whether histories are padded on the "
                    + "left or the right (" + s.paddingEvidence() + "); set \"padding_side\" in a model descriptor");
        }
        return s;
    }
}
