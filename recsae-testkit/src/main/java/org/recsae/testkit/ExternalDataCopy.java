package org.recsae.testkit;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy of a model with its larger initializers moved to one external data file beside it, as exporters save
 * models over 2 GB: the same graph and weights, so whatever runs on the original must give the same numbers on it.
 */
public final class ExternalDataCopy {
    private ExternalDataCopy() {
    }

    /**
     * @param minBytes initializers with at least this much raw data move out
     * @return the new model file, {@code dir/name}; its data is {@code dir/name.data}
     */
    public static Path write(Path model, Path dir, String name, long minBytes) throws IOException {
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model));
        OnnxMl.GraphProto.Builder graph = proto.getGraph().toBuilder();
        Files.createDirectories(dir);
        String data = name + ".data";
        long offset = 0;
        try (OutputStream out = Files.newOutputStream(dir.resolve(data))) {
            for (int i = 0; i < graph.getInitializerCount(); i++) {
                OnnxMl.TensorProto t = graph.getInitializer(i);
                if (t.getRawData().size() < minBytes) {
                    continue;
                }
                t.getRawData().writeTo(out);
                graph.setInitializer(i, t.toBuilder().clearRawData()
                        .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", data))
                        .addExternalData(entry("offset", Long.toString(offset)))
                        .addExternalData(entry("length", Long.toString(t.getRawData().size()))));
                offset += t.getRawData().size();
            }
        }
        Path out = dir.resolve(name);
        Files.write(out, proto.toBuilder().setGraph(graph).build().toByteArray());
        return out;
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
