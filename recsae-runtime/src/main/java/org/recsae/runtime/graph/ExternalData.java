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
        Path folder = model.toAbsolutePath().normalize().getParent();
        Path realFolder = null; // resolved at the first external tensor, once
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
            // ONNX Runtime follows links and refuses data outside the model's folder; say so before it does.
            Path real = realPath(file, where);
            if (realFolder == null) {
                realFolder = realPath(folder, where);
            }
            if (!real.startsWith(realFolder)) {
                throw new BadInputException(where + " keeps its data in '" + location + "', a link to " + real
                        + " outside the model's folder " + realFolder + ", which ONNX Runtime refuses to read; put the "
                        + "file itself (or a hard link) in the model's folder");
            }
            long offset = number(entries, "offset", where);
            // Without a length the tensor's dims say how much it reads (ONNX: the rest of the file may hold more).
            long length = entries.containsKey("length") ? number(entries, "length", where) : OnnxTypes.byteSize(t);
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new BadInputException(where + ": cannot read " + file + ": " + e.getMessage(), e);
            }
            if (length < 0 || offset > size || length > size - offset) {
                throw new BadInputException(where + " reads " + (length < 0 ? "an unknown number of" : length)
                        + " bytes from offset " + offset + " of " + file + ", which has only " + size
                        + " bytes (truncated copy?)");
            }
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            refuseNested(model, node);
        }
    }

    /** External data is read for the main graph's initializers only; elsewhere it is refused by name. */
    private static void refuseNested(Path model, OnnxMl.NodeProto node) {
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            java.util.List<OnnxMl.TensorProto> tensors = new java.util.ArrayList<>(a.getTensorsList());
            if (a.hasT()) {
                tensors.add(a.getT());
            }
            java.util.List<OnnxMl.GraphProto> graphs = new java.util.ArrayList<>(a.getGraphsList());
            if (a.hasG()) {
                graphs.add(a.getG());
            }
            for (OnnxMl.GraphProto g : graphs) {
                tensors.addAll(g.getInitializerList());
                for (OnnxMl.NodeProto inner : g.getNodeList()) {
                    refuseNested(model, inner);
                }
            }
            for (OnnxMl.TensorProto t : tensors) {
                if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
                    throw new BadInputException("model file " + model + ": tensor '" + t.getName() + "' of node '"
                            + node.getName() + "' (" + node.getOpType() + ") keeps its data in an external file; "
                            + "recsae reads external data for the main graph's initializers only (save the model "
                            + "with onnx.save_model(..., save_as_external_data=True), which puts it there)");
                }
            }
        }
    }

    private static Path realPath(Path p, String where) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot resolve " + p + ": " + e.getMessage(), e);
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
