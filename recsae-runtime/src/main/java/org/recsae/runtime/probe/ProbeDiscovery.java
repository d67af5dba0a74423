package org.recsae.runtime.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.graph.ProtoGraphView;
import org.recsae.spi.FlatTensor;
import org.recsae.spi.ModelDescriptor;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.PaddingSide;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.ProbeRole;
import org.recsae.spi.RecommenderPlugin;
import org.recsae.spi.RecommenderPlugins;
import org.recsae.spi.RecsaeException;
import org.recsae.spi.UsageException;
import org.recsae.spi.graph.GraphQueries;

/**
 * Finds which plugin understands a model and which tensors to probe: structure first (the plugin walks the graph),
 * then one run on synthetic histories to observe shapes and to verify that the proposed user state really is the
 * sequence state at the last valid position, which also settles the padding side.
 */
public final class ProbeDiscovery {
    private ProbeDiscovery() {
    }

    public static ProbeReport discover(OnnxModelFile model, ModelDescriptor descriptor, RecommenderPlugins plugins,
                                       Optional<String> forcedPlugin, Optional<String> forcedProbe) {
        String label = model.path().toString();
        PluginSelection selection = PluginSelection.select(model.graph(), descriptor, plugins, forcedPlugin, label);
        RecommenderPlugin plugin = selection.plugin();
        ModelSignature signature = selection.signature();
        List<String> checks = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        ProtoGraphView view = model.graph();
        Optional<ShapeObservation> observation = Optional.empty();
        try {
            observation = Optional.of(ShapeObservation.run(model, plugin, signature));
            view = view.withObserved(observation.get().specs());
            checks.add("ran the model on " + ShapeObservation.BATCH + " synthetic histories (lengths "
                    + lengths(observation.get()) + ") with every tensor tapped, to observe shapes");
        } catch (RecsaeException e) {
            warnings.add("could not run the model to observe shapes and verify the probe: " + e.getMessage());
        }
        ProtoGraphView shaped = view;
        List<ProbeCandidate> candidates = new ArrayList<>();
        for (ProbeCandidate c : plugin.proposeProbes(shaped, signature)) {
            candidates.add(c.shape().hasRank() ? c
                    : c.withShape(GraphQueries.shapeOrUnknown(shaped, c.tensor())));
        }
        Optional<ProbeCandidate> user = candidates.stream().filter(c -> c.role() == ProbeRole.USER_STATE).findFirst();
        Optional<ProbeCandidate> sequence = candidates.stream()
                .filter(c -> c.role() == ProbeRole.SEQUENCE_STATES).findFirst();
        if (user.isEmpty()) {
            warnings.add("no [B,D] user state found on the history side of the scoring op");
        }
        if (sequence.isEmpty()) {
            warnings.add("no [B,L,D] sequence states found: capture --positions all takes the user state after every "
                    + "prefix of each history");
        }
        if (user.isPresent() && sequence.isPresent() && observation.isPresent()) {
            signature = settlePadding(signature, descriptor, user.get(), sequence.get(), observation.get(), checks, warnings);
        } else if (signature.paddingSide().isEmpty()) {
            warnings.add("padding side unknown (" + signature.paddingEvidence() + "); set padding_side in a descriptor");
        }
        user.ifPresent(u -> {
            long d = u.shape().rank() == 2 ? u.shape().dim(1) : -1;
            if (d > 0 && d != selection.signature().hiddenDim()) {
                warnings.add("user state '" + u.tensor() + "' has width " + d + " but the item table has width "
                        + selection.signature().hiddenDim());
            }
        });

        Optional<ProbeCandidate> selected = candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
        if (forcedProbe.isPresent()) {
            selected = Optional.of(forced(shaped, candidates, forcedProbe.get(), label));
        }
        return new ProbeReport(label, model.sha256(), model.proto().getIrVersion(), model.opset(), model.producer(),
                model.graph().inputs(), model.graph().outputs(), plugin.name(), plugin.version(), selection.verdicts(),
                signature, candidates, selected, checks, warnings, shaped);
    }

    private static ModelSignature settlePadding(ModelSignature signature, ModelDescriptor descriptor,
                                                ProbeCandidate user, ProbeCandidate sequence,
                                                ShapeObservation observation, List<String> checks,
                                                List<String> warnings) {
        FlatTensor u = observation.values().get(user.tensor());
        FlatTensor s = observation.values().get(sequence.tensor());
        if (u == null || s == null) {
            warnings.add("could not read '" + user.tensor() + "' or '" + sequence.tensor() + "' back to verify them");
            return signature;
        }
        PositionCheck check = PositionCheck.compare(u, s, observation.histories(), signature.maxLength());
        if (check.side().isEmpty()) {
            warnings.add(String.format("user state '%s' is neither sequence_states '%s' at lengths-1 (max |diff| %.3g) "
                    + "nor at the last column (max |diff| %.3g)", user.tensor(), sequence.tensor(),
                    check.maxDiffRight(), check.maxDiffLeft()));
            if (signature.paddingSide().isEmpty()) {
                warnings.add("padding side unknown (" + signature.paddingEvidence() + "); set padding_side in a descriptor");
            }
            return signature;
        }
        PaddingSide numeric = check.side().get();
        String where = numeric == PaddingSide.RIGHT ? "position lengths-1" : "the last column";
        checks.add(String.format("user_state '%s' equals sequence_states '%s' at %s in all %d rows (max |diff| %.2g)",
                user.tensor(), sequence.tensor(), where, check.rows(),
                numeric == PaddingSide.RIGHT ? check.maxDiffRight() : check.maxDiffLeft()));
        if (signature.paddingSide().isEmpty()) {
            return signature.withPaddingSide(numeric, "the user state is the sequence state at " + where
                    + " (verified numerically)");
        }
        PaddingSide stated = signature.paddingSide().get();
        if (stated != numeric) {
            String source = descriptor.paddingSide().isPresent() ? "the descriptor says" : "the graph structure suggests";
            warnings.add(source + " padding_side=" + stated.jsonName() + ", but the model reads the user state at "
                    + where + ", which means padding_side=" + numeric.jsonName()
                    + "; histories encoded this way will be misread");
        } else {
            checks.add("padding side " + stated.jsonName() + " (" + signature.paddingEvidence() + ") agrees with the numeric check");
        }
        return signature;
    }

    private static ProbeCandidate forced(ProtoGraphView view, List<ProbeCandidate> candidates, String tensor,
                                         String label) {
        for (ProbeCandidate c : candidates) {
            if (c.tensor().equals(tensor)) {
                return c;
            }
        }
        Set<String> names = view.tensorNames();
        if (!names.contains(tensor)) {
            throw new UsageException("--probe '" + tensor + "' is not a tensor of model " + label
                    + "; nearest names: " + String.join(", ", NameSuggestions.nearest(tensor, names, 5)));
        }
        return new ProbeCandidate(tensor, GraphQueries.shapeOrUnknown(view, tensor), ProbeRole.CUSTOM, -1,
                "named with --probe");
    }

    private static String lengths(ShapeObservation observation) {
        List<String> out = new ArrayList<>();
        for (int[] h : observation.histories()) {
            out.add(String.valueOf(h.length));
        }
        return String.join(", ", out);
    }
}
