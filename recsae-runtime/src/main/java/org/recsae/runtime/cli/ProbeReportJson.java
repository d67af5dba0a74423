package org.recsae.runtime.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.recsae.runtime.probe.PluginVerdict;
import org.recsae.runtime.probe.ProbeReport;
import org.recsae.runtime.probe.SignatureJson;
import org.recsae.runtime.store.Json;
import org.recsae.spi.InputRole;
import org.recsae.spi.ModelSignature;
import org.recsae.spi.ProbeCandidate;
import org.recsae.spi.graph.TensorShape;
import org.recsae.spi.graph.TensorSpec;

/** The {@code inspect --json} document. Shapes are arrays; a dimension that is not fixed is its symbol. */
public final class ProbeReportJson {
    private ProbeReportJson() {
    }

    public static ObjectNode toJson(ProbeReport r) {
        ObjectNode root = Json.object();
        ObjectNode model = root.putObject("model");
        model.put("path", r.modelPath());
        model.put("sha256", r.modelSha256());
        model.put("ir_version", r.irVersion());
        model.put("opset", r.opset());
        model.put("producer", r.producer());
        root.set("inputs", tensors(r.inputs(), r.signature()));
        root.set("outputs", tensors(r.outputs(), null));
        ObjectNode plugin = root.putObject("plugin");
        plugin.put("name", r.pluginName());
        plugin.put("version", r.pluginVersion());
        ArrayNode verdicts = root.putArray("plugins");
        for (PluginVerdict v : r.verdicts()) {
            verdicts.addObject().put("name", v.plugin()).put("version", v.version())
                    .put("accepted", v.accepted()).put("reason", v.reason());
        }
        root.set("signature", SignatureJson.toJson(r.signature()));
        ArrayNode candidates = root.putArray("candidates");
        for (ProbeCandidate c : r.candidates()) {
            candidates.add(candidate(c));
        }
        if (r.selectedProbe().isPresent()) {
            root.set("probe", candidate(r.selectedProbe().get()));
        } else {
            root.putNull("probe");
        }
        ArrayNode checks = root.putArray("checks");
        r.checks().forEach(checks::add);
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return root;
    }

    private static ObjectNode candidate(ProbeCandidate c) {
        ObjectNode node = Json.object();
        node.put("tensor", c.tensor());
        node.set("shape", shape(c.shape()));
        node.put("role", c.role().jsonName());
        if (c.block() >= 0) {
            node.put("block", c.block());
        }
        node.put("evidence", c.evidence());
        return node;
    }

    private static ArrayNode tensors(List<TensorSpec> specs, ModelSignature signature) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (TensorSpec t : specs) {
            ObjectNode node = array.addObject();
            node.put("name", t.name());
            node.put("type", t.elementType().name().toLowerCase(java.util.Locale.ROOT));
            node.set("shape", shape(t.shape()));
            if (signature != null) {
                for (Map.Entry<InputRole, String> e : signature.inputs().entrySet()) {
                    if (e.getValue().equals(t.name())) {
                        node.put("role", e.getKey().jsonName());
                    }
                }
            }
        }
        return array;
    }

    static ArrayNode shape(TensorShape shape) {
        ArrayNode dims = Json.MAPPER.createArrayNode();
        for (int i = 0; i < Math.max(shape.rank(), 0); i++) {
            if (shape.dim(i) >= 0) {
                dims.add(shape.dim(i));
            } else if (shape.symbol(i) != null) {
                dims.add(shape.symbol(i));
            } else {
                dims.addNull();
            }
        }
        return dims;
    }
}
