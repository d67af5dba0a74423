package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Small typed builders for the nodes and initializers recsae adds to a graph, each prefixing its names so they
 * never collide with the model's. Every op used is valid from opset 11 on, and none is changed by later opsets.
 */
public final class OnnxNodes {
    private final OnnxMl.GraphProto.Builder graph;
    private final String prefix;
    private int counter;

    public OnnxNodes(OnnxMl.GraphProto.Builder graph, String prefix) {
        this.graph = graph;
        this.prefix = prefix;
    }

    /** A fresh tensor name under this builder's prefix. */
    public String name(String hint) {
        return prefix + hint + "_" + (counter++);
    }

    private String node(String op, String[] inputs, OnnxMl.AttributeProto... attributes) {
        String out = name(op.toLowerCase(java.util.Locale.ROOT));
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out + "_node").addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (OnnxMl.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    public String binary(String op, String a, String b) {
        return node(op, new String[] {a, b});
    }

    public String unary(String op, String a) {
        return node(op, new String[] {a});
    }

    public String castToFloat(String a) {
        return node("Cast", new String[] {a}, intAttribute("to", OnnxMl.TensorProto.DataType.FLOAT_VALUE));
    }

    /** TopK along the last axis; returns {values, indices}. K is an input tensor since opset 10. */
    public String[] topK(String input, long k) {
        String kTensor = longs("k", new long[] {k}, 1);
        String values = name("topk_values");
        String indices = name("topk_indices");
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("TopK").setName(values + "_node")
                .addInput(input).addInput(kTensor).addOutput(values).addOutput(indices)
                .addAttribute(intAttribute("axis", -1)));
        return new String[] {values, indices};
    }

    /** Zeros shaped like {@code like}, with {@code updates} written at {@code indices} along the last axis. */
    public String scatterLastAxis(String like, String indices, String updates) {
        String shape = unary("Shape", like);
        String zeros = node("ConstantOfShape", new String[] {shape}, OnnxMl.AttributeProto.newBuilder()
                .setName("value").setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                .setT(floatTensor("zero", new float[] {0f}, 1)).build());
        return node("ScatterElements", new String[] {zeros, indices, updates}, intAttribute("axis", -1));
    }

    /** A float initializer; returns its name. */
    public String floats(String hint, float[] data, long... dims) {
        String n = name(hint);
        graph.addInitializer(floatTensor(n, data, dims));
        return n;
    }

    public String longs(String hint, long[] data, long... dims) {
        String n = name(hint);
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) {
            b.putLong(v);
        }
        graph.addInitializer(tensor(n, OnnxMl.TensorProto.DataType.INT64_VALUE, b, dims));
        return n;
    }

    static OnnxMl.TensorProto floatTensor(String name, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            b.putFloat(v);
        }
        return tensor(name, OnnxMl.TensorProto.DataType.FLOAT_VALUE, b, dims);
    }

    /** A tensor with little-endian raw data, as ONNX stores initializers. */
    private static OnnxMl.TensorProto tensor(String name, int dataType, ByteBuffer littleEndian, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(dataType)
                .setRawData(ByteString.copyFrom(littleEndian.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }
}
