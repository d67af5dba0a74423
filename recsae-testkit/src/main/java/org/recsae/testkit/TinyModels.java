package org.recsae.testkit;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small hand-built ONNX graphs for tests that need a valid model no recommender plugin should accept. */
public final class TinyModels {
    private TinyModels() {
    }

    /** {@code y = x + x}, float [B,4]: valid ONNX, not a recommender. */
    public static Path writeDoubler(Path file) {
        OnnxMl.ValueInfoProto x = floatInfo("x");
        OnnxMl.ValueInfoProto y = floatInfo("y");
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("doubler")
                .addInput(x).addOutput(y)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").setName("add").addInput("x").addInput("x")
                        .addOutput("y"))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("recsae-testkit")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(14))
                .setGraph(graph).build();
        try {
            Files.write(file, model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static OnnxMl.ValueInfoProto floatInfo(String name) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(4))))).build();
    }
}
