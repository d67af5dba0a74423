package org.recsae.runtime.graph;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.recsae.runtime.store.AtomicFiles;
import org.recsae.spi.BadInputException;
import org.recsae.spi.RuntimeFailureException;

/**
 * Writes a graph derived from a model as a file any ONNX Runtime loads by path. Weights inside the model are written
 * inside the new file (streamed, not assembled in memory); external data keeps its references, and the files they
 * name are made reachable beside the new file with a hard link (a copy across file systems, where ONNX Runtime
 * would refuse a symbolic link out of the model's folder); the original stays untouched.
 */
public final class ModelFileWriter {
    private ModelFileWriter() {
    }

    public static void write(Path out, OnnxMl.ModelProto model, OnnxModelFile source) {
        Path folder = out.toAbsolutePath().getParent();
        for (String location : ExternalData.locations(model.getGraph())) {
            link(folder.resolve(location), source.folder().resolve(location), out);
        }
        AtomicFiles.write(out, model::writeTo);
    }

    private static void link(Path target, Path data, Path out) {
        try {
            if (Files.exists(target)) {
                if (Files.isSameFile(target, data)) {
                    return;
                }
                throw new BadInputException("cannot write " + out + ": the model's external data file " + data
                        + " must sit beside it as " + target + ", and a different file is already there");
            }
            Files.createDirectories(target.getParent());
            // The file itself: a hard link to a relative symbolic link would resolve from the wrong folder.
            Path real = data.toRealPath();
            try {
                Files.createLink(target, real);
            } catch (IOException | UnsupportedOperationException e) {
                // Another file system: a symbolic link would point outside the new model's folder, which ONNX
                // Runtime refuses, so the data is copied (aside, then renamed into place).
                AtomicFiles.write(target, stream -> Files.copy(real, stream));
            }
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot make the external data file " + data + " reachable from " + out
                    + " (as " + target + "): " + e.getMessage(), e);
        }
    }
}
