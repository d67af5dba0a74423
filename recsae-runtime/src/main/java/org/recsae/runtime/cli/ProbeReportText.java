package org.recsae.runtime.cli;

import java.util.Map;
import org.recsae.runtime.probe.PluginVerdict;
import org.recsae.runtime.probe.ProbeReport;
import org.recsae.spi.InputRole;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.graph.TensorSpec;

/** The human-readable {@code inspect} output. */
final class ProbeReportText {
    private ProbeReportText() {
    }

    static String render(ProbeReport r) {
        StringBuilder sb = new StringBuilder();
        ModelSignature s = r.signature();
        sb.append(String.format("model     %s%n          sha256 %s, IR %d, opset %d, producer %s%n", r.modelPath(),
                r.modelSha256().substring(0, 16) + "...", r.irVersion(), r.opset(),
                r.producer().isEmpty() ? "unknown" : r.producer()));
        sb.append(String.format("plugin    %s (version %s)%n", r.pluginName(), r.pluginVersion()));
        for (PluginVerdict v : r.verdicts()) {
            if (!v.plugin().equals(r.pluginName())) {
                sb.append(String.format("          %s: %s%n", v.plugin(), v.accepted() ? "also accepts" : v.reason()));
            }
        }
        sb.append("inputs\n");
        for (TensorSpec t : r.inputs()) {
            sb.append(String.format("  %-28s %s%s%n", t.name(), type(t), role(s, t.name())));
        }
        sb.append("outputs\n");
        for (TensorSpec t : r.outputs()) {
            sb.append(String.format("  %-28s %s%s%n", t.name(), type(t),
                    t.name().equals(s.scoreOutput()) ? "  (scores)" : ""));
        }
        sb.append(String.format("history   max length %d, padding id %d, padding side %s%n", s.maxLength(), s.paddingId(),
                s.paddingSide().map(p -> p.jsonName()).orElse("UNKNOWN")));
        sb.append(String.format("          (%s)%n", s.paddingEvidence()));
        sb.append(String.format("items     %d rows in the item table (padding included), width %d%n", s.itemCount(),
                s.hiddenDim()));
        sb.append("probe candidates (best first)\n");
        int i = 1;
        for (ProbeCandidate c : r.candidates()) {
            String role = c.role().jsonName() + (c.block() >= 0 ? " " + c.block() : "");
            sb.append(String.format("  %d. %-17s %-40s %s%n     %s%n", i++, role, c.tensor(), c.shape(), c.evidence()));
        }
        r.selectedProbe().ifPresent(p -> sb.append(String.format("probe     %s %s (%s)%n", p.tensor(), p.shape(),
                p.role().jsonName())));
        if (!r.checks().isEmpty()) {
            sb.append("checks\n");
            r.checks().forEach(c -> sb.append("  - ").append(c).append('\n'));
        }
        if (!r.warnings().isEmpty()) {
            sb.append("warnings\n");
            r.warnings().forEach(w -> sb.append("  ! ").append(w).append('\n'));
        }
        return sb.toString();
    }

    private static String type(TensorSpec t) {
        return t.elementType().name().toLowerCase(java.util.Locale.ROOT) + t.shape();
    }

    private static String role(ModelSignature s, String input) {
        for (Map.Entry<InputRole, String> e : s.inputs().entrySet()) {
            if (e.getValue().equals(input)) {
                return "  (" + e.getKey().jsonName() + ")";
            }
        }
        return "  (unused by recsae)";
    }
}
