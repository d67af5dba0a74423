package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A graph derived from a model file (head, tail, tapped, spliced), serialised for an ONNX Runtime session. Its
 * large weights are not copied: each initializer that still holds the model's own bytes becomes a reference to
 * them, as ONNX external data at their offset inside the model file, and external data of the model stays as it
 * is; the session reads them from the model's folder. A head, a tail and a tapped graph of a gigabyte model thus
 * cost kilobytes on the heap.
 *
 * @param dataFolder where the session finds the referenced files; empty when the graph carries all its bytes
 */
public record SessionGraph(byte[] bytes, Optional<Path> dataFolder) {
    /** Initializers below this size are kept inline: referencing them saves nothing worth a file read. */
    static final long REFERENCE_BYTES = 1 << 20;

    public static SessionGraph of(OnnxModelFile source, OnnxMl.ModelProto derived) {
        Map<String, ByteString> own = new HashMap<>();
        for (OnnxMl.TensorProto t : source.proto().getGraph().getInitializerList()) {
            if (t.getRawData().size() >= REFERENCE_BYTES) {
                own.put(t.getName(), t.getRawData());
            }
        }
        Map<String, InlineWeights.Span> spans = own.isEmpty() ? Map.of() : source.inlineWeights();
        OnnxMl.GraphProto.Builder graph = null;
        boolean external = !ExternalData.locations(derived.getGraph()).isEmpty();
        for (int i = 0; i < derived.getGraph().getInitializerCount(); i++) {
            OnnxMl.TensorProto t = derived.getGraph().getInitializer(i);
            InlineWeights.Span span = spans.get(t.getName());
            // The very same bytes object, not only the same name: a rewritten initializer keeps its new value.
            if (span == null || own.get(t.getName()) != t.getRawData() || span.length() != t.getRawData().size()) {
                continue;
            }
            if (graph == null) {
                graph = derived.getGraph().toBuilder();
            }
            graph.setInitializer(i, t.toBuilder().clearRawData()
                    .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                    .clearExternalData()
                    .addExternalData(entry("location", source.path().getFileName().toString()))
                    .addExternalData(entry("offset", Long.toString(span.offset())))
                    .addExternalData(entry("length", Long.toString(span.length()))));
            external = true;
        }
        OnnxMl.ModelProto model = graph == null ? derived : derived.toBuilder().setGraph(graph).build();
        return new SessionGraph(model.toByteArray(), external ? Optional.of(source.folder()) : Optional.empty());
    }

    /**
     * A graph that carries the model's inline weights itself, for sessions on other machines (Spark executors);
     * only a model's own external data files are still read from its folder, which they must then share.
     */
    public static SessionGraph portable(OnnxModelFile source, OnnxMl.ModelProto derived) {
        boolean external = !ExternalData.locations(derived.getGraph()).isEmpty();
        return new SessionGraph(derived.toByteArray(), external ? Optional.of(source.folder()) : Optional.empty());
    }

    /** A graph that carries every byte it needs (built by hand, or from a model without large weights). */
    public static SessionGraph inline(byte[] bytes) {
        return new SessionGraph(bytes, Optional.empty());
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
