package org.recsae.runtime.probe;

import java.util.List;
import java.util.Optional;
import org.recsae.runtime.graph.ProtoGraphView;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.ProbeRole;
import org.recsae.spi.graph.TensorSpec;

/**
 * Everything discovery learned about a model: who understands it, how to feed it, and which tensors to probe.
 *
 * @param selectedProbe the {@code --probe} tensor when one was given, else the first candidate
 * @param checks what was verified by running the model, one sentence each
 * @param warnings what looks wrong but does not stop the run
 * @param graph the model's graph with the observed shapes laid over it
 */
public record ProbeReport(
        String modelPath,
        String modelSha256,
        long irVersion,
        long opset,
        String producer,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        String pluginName,
        String pluginVersion,
        List<PluginVerdict> verdicts,
        ModelSignature signature,
        List<ProbeCandidate> candidates,
        Optional<ProbeCandidate> selectedProbe,
        List<String> checks,
        List<String> warnings,
        ProtoGraphView graph) {

    public Optional<ProbeCandidate> candidate(ProbeRole role) {
        return candidates.stream().filter(c -> c.role() == role).findFirst();
    }
}
