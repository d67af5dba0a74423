package org.recsae.runtime.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.recsae.spi.BadInputException;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.Recognition;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.spi.RecommenderPlugins;
import org.recsae.spi.UsageException;
import org.recsae.spi.graph.GraphView;

/** Which plugin understands a model, chosen by name when the user forces one, else by recognition. */
public record PluginSelection(RecommenderPlugin plugin, ModelSignature signature, List<PluginVerdict> verdicts) {

    /**
     * @param forced plugin name from {@code --plugin}; the descriptor's {@code plugin} field is used when absent
     * @param modelLabel how errors name the model
     */
    public static PluginSelection select(GraphView graph, ModelDescriptor descriptor, RecommenderPlugins plugins,
                                         Optional<String> forced, String modelLabel) {
        Optional<String> name = forced.isPresent() ? forced : descriptor.plugin();
        List<PluginVerdict> verdicts = new ArrayList<>();
        if (name.isPresent()) {
            RecommenderPlugin plugin = plugins.forName(name.get());
            Recognition r = recognize(plugin, graph, descriptor);
            verdicts.add(new PluginVerdict(plugin.name(), plugin.version(), r.isAccepted(), r.reason()));
            if (!r.isAccepted()) {
                throw new BadInputException("plugin '" + plugin.name() + "' does not recognise model " + modelLabel
                        + ": " + r.reason());
            }
            return new PluginSelection(plugin, r.signature().get(), verdicts);
        }
        List<RecommenderPlugin> accepting = new ArrayList<>();
        List<ModelSignature> signatures = new ArrayList<>();
        for (RecommenderPlugin plugin : plugins.all()) {
            if (plugin.onlyWhenChosen()) {
                verdicts.add(new PluginVerdict(plugin.name(), plugin.version(), false, "generic plugin, used only when "
                        + "chosen with --plugin " + plugin.name() + " or \"plugin\": \"" + plugin.name()
                        + "\" in the descriptor"));
                continue;
            }
            Recognition r = recognize(plugin, graph, descriptor);
            verdicts.add(new PluginVerdict(plugin.name(), plugin.version(), r.isAccepted(), r.reason()));
            if (r.isAccepted()) {
                accepting.add(plugin);
                signatures.add(r.signature().get());
            }
        }
        if (accepting.isEmpty()) {
            StringBuilder sb = new StringBuilder("no plugin recognises model " + modelLabel + ":");
            if (verdicts.isEmpty()) {
                sb.append(" no plugins are installed (is a plugin jar on the class path?)");
            }
            for (PluginVerdict v : verdicts) {
                sb.append("\n  - ").append(v.plugin()).append(": ").append(v.reason());
            }
            sb.append("\nForce one with --plugin NAME, or describe the model's inputs in a descriptor (--descriptor).");
            throw new BadInputException(sb.toString());
        }
        if (accepting.size() > 1) {
            List<String> names = accepting.stream().map(RecommenderPlugin::name).toList();
            throw new UsageException("several plugins recognise model " + modelLabel + ": " + String.join(", ", names)
                    + "; choose one with --plugin NAME or the descriptor's 'plugin' field");
        }
        return new PluginSelection(accepting.get(0), signatures.get(0), verdicts);
    }

    /** A plugin that throws on a foreign graph is reported as not recognising it, with its message. */
    private static Recognition recognize(RecommenderPlugin plugin, GraphView graph, ModelDescriptor descriptor) {
        try {
            return plugin.recognize(graph, descriptor);
        } catch (RuntimeException e) {
            return Recognition.rejected("failed while inspecting the graph: " + e);
        }
    }
}
