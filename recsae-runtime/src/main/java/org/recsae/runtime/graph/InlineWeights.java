package org.recsae.runtime.graph;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each main-graph initializer's {@code raw_data} sits inside the model file, found by walking the protobuf
 * wire format (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.name = 8, raw_data = 9). A derived
 * graph can then point at those bytes as external data instead of carrying a copy.
 */
final class InlineWeights {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;

    /** File offset and length of one initializer's raw bytes. */
    record Span(long offset, long length) {
    }

    private InlineWeights() {
    }

    /** Spans of the initializers with at least {@code minBytes} of raw data, by name; empty if the walk fails. */
    static Map<String, Span> find(ByteBuffer file, long minBytes) {
        Map<String, Span> out = new HashMap<>();
        try {
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(file.duplicate()).newCodedInput();
            in.setSizeLimit(Integer.MAX_VALUE);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == delimited(MODEL_GRAPH)) {
                    int end = in.readRawVarint32() + in.getTotalBytesRead();
                    while (in.getTotalBytesRead() < end) {
                        int graphTag = in.readTag();
                        if (graphTag == delimited(GRAPH_INITIALIZER)) {
                            tensor(in, minBytes, out);
                        } else {
                            in.skipField(graphTag);
                        }
                    }
                } else {
                    in.skipField(tag);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The model parsed already, so this cannot happen on a well-formed file; sessions then get copies.
            return Map.of();
        }
        return out;
    }

    private static int delimited(int field) {
        return (field << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static void tensor(CodedInputStream in, long minBytes, Map<String, Span> out) throws IOException {
        int end = in.readRawVarint32() + in.getTotalBytesRead();
        String name = null;
        Span span = null;
        while (in.getTotalBytesRead() < end) {
            int tag = in.readTag();
            if (tag == delimited(TENSOR_NAME)) {
                name = in.readStringRequireUtf8();
            } else if (tag == delimited(TENSOR_RAW_DATA)) {
                int length = in.readRawVarint32();
                span = new Span(in.getTotalBytesRead(), length);
                in.skipRawBytes(length);
            } else {
                in.skipField(tag);
            }
        }
        if (name != null && span != null && span.length() >= minBytes) {
            out.put(name, span);
        }
    }
}
