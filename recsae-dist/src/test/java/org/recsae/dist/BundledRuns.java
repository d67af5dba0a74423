package org.recsae.dist;

import java.nio.file.Path;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/** {@code recsae capture} of a bundled SASRec export over the bundled ml-latest-small, as several tests need it. */
final class BundledRuns {
    private BundledRuns() {
    }

    /** @param extra further flags, e.g. {@code --positions last} */
    static CliRun capture(String export, Path run, String... extra) {
        String[] base = {"capture", "--model", ExampleFiles.resolve("sasrec/models/" + export + ".onnx").toString(),
            "--descriptor", ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString(),
            "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", run.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }
}
