package org.recsae.runtime.steer;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.recsae.runtime.graph.OnnxModelFile;
import org.recsae.runtime.graph.OnnxNodes;
import org.recsae.runtime.sae.SaeFiles;
import org.recsae.runtime.sae.TopKSae;
import org.recsae.spi.BadInputException;
import org.recsae.spi.FlatTensor;

/**
 * Rewrites a model so that the probe tensor passes through the SAE with steered latents before anything reads
 * it. The model's opset, inputs and outputs stay as they are; the added nodes (Sub, MatMul, Add, Relu, TopK,
 * Shape, ConstantOfShape, ScatterElements, Mul, Greater, Cast) are valid from opset 11. With
 * {@code runtimeScale}, the per-latent scale is a graph input [d_sae] that every request supplies (ones for an
 * unsteered answer). It is a required input, not one defaulted by an initializer, because ONNX Runtime's Java API
 * refuses to feed inputs that have initializers.
 */
public final class SaeSplice {
    public static final int MIN_OPSET = 11;
    public static final String SCALE_INPUT = "recsae_latent_scale";
    private static final String PREFIX = "recsae_sae/";

    private SaeSplice() {
    }

    public static OnnxMl.ModelProto splice(OnnxModelFile model, String probe, SaeFiles sae, SteeringPlan plan,
                                           SteeringMode mode, boolean runtimeScale, Map<String, String> metadata) {
        if (model.opset() < MIN_OPSET) {
            throw new BadInputException("model " + model.path() + " uses opset " + model.opset() + "; steering adds "
                    + "ScatterElements and TopK with a K input, which need opset " + MIN_OPSET + " or later, and recsae "
                    + "never changes a model's opset");
        }
        if (!model.graph().tensorNames().contains(probe)) {
            throw new BadInputException("model " + model.path() + " has no main-graph tensor '" + probe + "' to steer");
        }
        OnnxMl.GraphProto original = model.proto().getGraph();
        if (original.getOutputList().stream().anyMatch(o -> o.getName().equals(probe))) {
            throw new BadInputException("model " + model.path() + ": the probe '" + probe + "' is also a graph output;"
                    + " steering it would change that output's meaning, which recsae does not do yet");
        }
        OnnxMl.GraphProto.Builder sub = OnnxMl.GraphProto.newBuilder();
        OnnxNodes nodes = new OnnxNodes(sub, PREFIX);
        String steered = build(nodes, probe, sae, plan, mode, runtimeScale);

        OnnxMl.GraphProto.Builder g = original.toBuilder().clearNode();
        boolean inserted = false;
        if (isInputOrInitializer(original, probe)) {
            g.addAllNode(sub.getNodeList());
            inserted = true;
        }
        for (OnnxMl.NodeProto n : original.getNodeList()) {
            g.addNode(inserted ? rename(n, probe, steered) : n);
            if (!inserted && n.getOutputList().contains(probe)) {
                g.addAllNode(sub.getNodeList());
                inserted = true;
            }
        }
        g.addAllInitializer(sub.getInitializerList());
        if (runtimeScale) {
            g.addInput(OnnxMl.ValueInfoProto.newBuilder().setName(SCALE_INPUT).setType(OnnxMl.TypeProto.newBuilder()
                    .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                            .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                            .setShape(OnnxMl.TensorShapeProto.newBuilder().addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(sae.dSae()))))));
        }
        OnnxMl.ModelProto.Builder m = model.proto().toBuilder().setGraph(g);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.build();
    }

    /** The SAE nodes; returns the name of the steered tensor. */
    private static String build(OnnxNodes n, String x, SaeFiles sae, SteeringPlan plan, SteeringMode mode,
                                boolean runtimeScale) {
        Map<String, FlatTensor> w = sae.weights();
        int dIn = sae.dIn();
        int dSae = sae.dSae();
        String bDec = n.floats("b_dec", w.get(TopKSae.B_DEC).floats(), dIn);
        String wEnc = n.floats("W_enc", w.get(TopKSae.W_ENC).floats(), dIn, dSae);
        String bEnc = n.floats("b_enc", w.get(TopKSae.B_ENC).floats(), dSae);
        String wDec = n.floats("W_dec", w.get(TopKSae.W_DEC).floats(), dSae, dIn);
        String pre = n.binary("Add", n.binary("MatMul", n.binary("Sub", x, bDec), wEnc), bEnc);
        String act = n.unary("Relu", pre);
        String[] top = n.topK(act, sae.k());
        String z = n.scatterLastAxis(act, top[1], top[0]);
        String scale;
        if (runtimeScale) {
            scale = SCALE_INPUT;
        } else {
            scale = n.floats("scale", plan.scale(), dSae);
        }
        String steeredCodes = n.binary("Mul", z, scale);
        if (plan.addsValues()) {
            String active = n.castToFloat(n.binary("Greater", z, n.floats("zero", new float[] {0f}, 1)));
            steeredCodes = n.binary("Add", n.binary("Add", steeredCodes,
                    n.binary("Mul", active, n.floats("when_active", plan.whenActive(), dSae))),
                    n.floats("always", plan.always(), dSae));
        }
        if (mode == SteeringMode.DELTA) {
            String change = n.binary("MatMul", n.binary("Sub", steeredCodes, z), wDec);
            return n.binary("Add", x, change);
        }
        return n.binary("Add", n.binary("MatMul", steeredCodes, wDec), bDec);
    }

    private static boolean isInputOrInitializer(OnnxMl.GraphProto g, String tensor) {
        return g.getInputList().stream().anyMatch(v -> v.getName().equals(tensor))
                || g.getInitializerList().stream().anyMatch(t -> t.getName().equals(tensor));
    }

    /** The node reading {@code to} where it read {@code from}, inside its subgraphs too. */
    static OnnxMl.NodeProto rename(OnnxMl.NodeProto node, String from, String to) {
        OnnxMl.NodeProto.Builder b = node.toBuilder();
        List<String> inputs = new ArrayList<>(node.getInputList());
        inputs.replaceAll(i -> i.equals(from) ? to : i);
        b.clearInput().addAllInput(inputs);
        for (int a = 0; a < b.getAttributeCount(); a++) {
            OnnxMl.AttributeProto attr = b.getAttribute(a);
            if (attr.hasG()) {
                b.setAttribute(a, attr.toBuilder().setG(renameIn(attr.getG(), from, to)));
            }
            if (attr.getGraphsCount() > 0) {
                OnnxMl.AttributeProto.Builder ab = attr.toBuilder().clearGraphs();
                for (OnnxMl.GraphProto sg : attr.getGraphsList()) {
                    ab.addGraphs(renameIn(sg, from, to));
                }
                b.setAttribute(a, ab);
            }
        }
        return b.build();
    }

    private static OnnxMl.GraphProto renameIn(OnnxMl.GraphProto g, String from, String to) {
        boolean shadowed = g.getInputList().stream().anyMatch(v -> v.getName().equals(from))
                || g.getInitializerList().stream().anyMatch(t -> t.getName().equals(from))
                || g.getNodeList().stream().anyMatch(n -> n.getOutputList().contains(from));
        if (shadowed) {
            return g;
        }
        OnnxMl.GraphProto.Builder b = g.toBuilder().clearNode();
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            b.addNode(rename(n, from, to));
        }
        List<OnnxMl.ValueInfoProto> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto o : g.getOutputList()) {
            outputs.add(o.getName().equals(from) ? o.toBuilder().setName(to).build() : o);
        }
        return b.clearOutput().addAllOutput(outputs).build();
    }
}
