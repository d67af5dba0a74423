package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import org.recsae.spi.graph.ElementType;
import org.recsae.spi.graph.TensorShape;
import org.recsae.spi.graph.TensorSpec;

/** Conversions between ONNX protobuf type messages and the SPI's value types. */
public final class OnnxTypes {
    private OnnxTypes() {
    }

    public static ElementType elementType(int onnxDataType) {
        switch (onnxDataType) {
            case OnnxMl.TensorProto.DataType.FLOAT_VALUE:
                return ElementType.FLOAT32;
            case OnnxMl.TensorProto.DataType.DOUBLE_VALUE:
                return ElementType.FLOAT64;
            case OnnxMl.TensorProto.DataType.INT32_VALUE:
                return ElementType.INT32;
            case OnnxMl.TensorProto.DataType.INT64_VALUE:
                return ElementType.INT64;
            case OnnxMl.TensorProto.DataType.BOOL_VALUE:
                return ElementType.BOOL;
            default:
                return ElementType.OTHER;
        }
    }

    public static int onnxDataType(ElementType type) {
        switch (type) {
            case FLOAT32:
                return OnnxMl.TensorProto.DataType.FLOAT_VALUE;
            case FLOAT64:
                return OnnxMl.TensorProto.DataType.DOUBLE_VALUE;
            case INT32:
                return OnnxMl.TensorProto.DataType.INT32_VALUE;
            case INT64:
                return OnnxMl.TensorProto.DataType.INT64_VALUE;
            case BOOL:
                return OnnxMl.TensorProto.DataType.BOOL_VALUE;
            default:
                throw new IllegalArgumentException("no ONNX data type for " + type);
        }
    }

    /** Bytes a tensor's dims and element type imply, or -1 when the type has no fixed width. */
    public static long byteSize(OnnxMl.TensorProto t) {
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(t.getDataType());
        long width = type == null ? -1 : switch (type) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64 -> 8;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> -1;
        };
        if (width < 0) {
            return -1;
        }
        long n = width;
        for (long d : t.getDimsList()) {
            if (d < 0 || (d > 0 && n > Long.MAX_VALUE / d)) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /** The spec of a value info; tensors without a tensor type (sequences, maps) come back as OTHER, unknown rank. */
    public static TensorSpec spec(OnnxMl.ValueInfoProto info) {
        OnnxMl.TypeProto type = info.getType();
        if (!type.hasTensorType()) {
            return new TensorSpec(info.getName(), ElementType.OTHER, TensorShape.unknownRank());
        }
        OnnxMl.TypeProto.Tensor tensor = type.getTensorType();
        ElementType element = elementType(tensor.getElemType());
        if (!tensor.hasShape()) {
            return new TensorSpec(info.getName(), element, TensorShape.unknownRank());
        }
        List<OnnxMl.TensorShapeProto.Dimension> dims = tensor.getShape().getDimList();
        long[] sizes = new long[dims.size()];
        String[] symbols = new String[dims.size()];
        for (int i = 0; i < sizes.length; i++) {
            OnnxMl.TensorShapeProto.Dimension d = dims.get(i);
            sizes[i] = d.hasDimValue() ? d.getDimValue() : -1;
            symbols[i] = d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : null;
        }
        return new TensorSpec(info.getName(), element, TensorShape.of(sizes, symbols));
    }

    public static TensorSpec spec(OnnxMl.TensorProto initializer) {
        long[] dims = new long[initializer.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = initializer.getDims(i);
        }
        return new TensorSpec(initializer.getName(), elementType(initializer.getDataType()), TensorShape.of(dims));
    }

    /** A value info for a new graph output; the element type is written when known, as ONNX Runtime expects. */
    public static OnnxMl.ValueInfoProto outputInfo(String name, ElementType type) {
        OnnxMl.ValueInfoProto.Builder b = OnnxMl.ValueInfoProto.newBuilder().setName(name);
        if (type != ElementType.OTHER) {
            b.setType(OnnxMl.TypeProto.newBuilder()
                    .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(onnxDataType(type))));
        }
        return b.build();
    }
}
