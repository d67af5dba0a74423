package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.recsae.spi.BadInputException;

/**
 * Initializers whose bytes live in files beside the model (ONNX external data: a {@code location} relative to the
 * model's folder, an optional {@code offset} and {@code length}). They are checked when the model is read, so a
 * missing or short file is named before any stage starts, and kept as references in every graph recsae derives.
 */
public final class ExternalData {
    private ExternalData() {
    }

    /** Refuses external data that ONNX Runtime could not read: no location, one outside the folder, a short file. */
    static void check(Path model, OnnxMl.GraphProto graph) {
        Path folder = model.toAbsolutePath().getParent();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (t.getDataLocation() != OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                continue;
            }
            Map<String, String> entries = entries(t);
            String where = "model file " + model + ": initializer '" + t.getName() + "'";
            String location = entries.get("location");
            if (location == null || location.isEmpty()) {
                throw new BadInputException(where + " is marked as external data but names no location");
            }
            Path file = folder.resolve(location).normalize();
            if (Path.of(location).isAbsolute() || !file.startsWith(folder)) {
                throw new BadInputException(where + " keeps its data at '" + location + "'; external data must be a "
                        + "relative path inside the model's folder " + folder);
            }
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(where + " keeps its data in the external file '" + location
                        + "', which does not exist at " + file + " (copy it beside the model)");
            }
            long offset = number(entries, "offset", where);
            long length = entries.containsKey("length") ? number(entries, "length", where) : -1;
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new BadInputException(where + ": cannot read " + file + ": " + e.getMessage(), e);
            }
            if (offset + Math.max(length, 0) > size) {
                throw new BadInputException(where + " reads bytes " + offset + ".." + (offset + length) + " of "
                        + file + ", which has only " + size + " bytes (truncated copy?)");
            }
        }
    }

    /** The external data files a graph's initializers name, relative to the model's folder. */
    public static Set<String> locations(OnnxMl.GraphProto graph) {
        Set<String> out = new LinkedHashSet<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                out.add(entries(t).get("location"));
            }
        }
        return out;
    }

    static Map<String, String> entries(OnnxMl.TensorProto t) {
        return t.getExternalDataList().stream().collect(Collectors.toMap(OnnxMl.StringStringEntryProto::getKey,
                OnnxMl.StringStringEntryProto::getValue, (a, b) -> b));
    }

    private static long number(Map<String, String> entries, String key, String where) {
        String v = entries.get(key);
        if (v == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": external data " + key + " '" + v + "' is not a byte count");
        }
    }
}
