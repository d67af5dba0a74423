package org.recsae.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;

class OnnxTypesTest {
    private static OnnxMl.TensorProto tensor(OnnxMl.TensorProto.DataType type, long... dims) {
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName("t").setDataType(type.getNumber());
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    @Test
    void byteSizeFollowsTheElementWidth() {
        assertEquals(3 * 4 * 4, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.FLOAT, 3, 4)));
        assertEquals(2 * 8, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.INT64, 2)));
        assertEquals(5 * 2, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.FLOAT16, 5)));
        assertEquals(7, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.BOOL, 7)));
        assertEquals(4, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.FLOAT)), "a scalar is one element");
        assertEquals(0, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.FLOAT, 3, 0)));
    }

    @Test
    void byteSizeIsUnknownWithoutAFixedWidthOrAValidShape() {
        assertEquals(-1, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.STRING, 3)));
        assertEquals(-1, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.FLOAT, 3, -1)));
        assertEquals(-1, OnnxTypes.byteSize(tensor(OnnxMl.TensorProto.DataType.DOUBLE, Long.MAX_VALUE / 4, 3)),
                "overflow");
    }
}
