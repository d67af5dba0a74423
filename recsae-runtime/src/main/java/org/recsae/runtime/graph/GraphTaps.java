package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.recsae.spi.graph.ElementType;
import org.recsae.spi.graph.GraphView;
import org.recsae.spi.graph.TensorSpec;

/**
 * Makes internal tensors readable: ONNX Runtime only returns graph outputs, so a tap adds the tensor as one.
 * The model is copied; the original proto is never changed.
 */
public final class GraphTaps {
    private GraphTaps() {
    }

    public static OnnxMl.ModelProto withOutputs(OnnxMl.ModelProto model, GraphView view, Collection<String> tensors) {
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        Set<String> present = new HashSet<>();
        graph.getOutputList().forEach(o -> present.add(o.getName()));
        for (String t : tensors) {
            if (present.add(t)) {
                ElementType type = view.tensorInfo(t).map(TensorSpec::elementType).orElse(ElementType.OTHER);
                graph.addOutput(OnnxTypes.outputInfo(t, type));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }
}
