package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.recsae.testkit.BadInputAssertions.assertCleanFailure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.testkit.CliRun;
import org.recsae.testkit.ExampleFiles;

/** {@code --device cuda} on a machine without a usable GPU says so clearly; the CPU build is untouched. */
class DeviceOptionTest {
    @TempDir
    Path tmp;

    private String[] capture(Path run, String device) {
        return new String[] {"capture", "--model", ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx")
                .toString(), "--descriptor", ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString(),
            "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", run.toString(), "--device",
            device};
    }

    @Test
    void cudaWithoutAGpuIsAClearRuntimeFailure() {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "a GPU is present: nothing to refuse");
        Path run = tmp.resolve("run");
        assertCleanFailure(4, List.of("--device cuda", "mvn -Pcuda", "--device cpu"), capture(run, "cuda"));
        assertEquals(0, CliRun.of(capture(run, "cpu")).exitCode());
        assertCleanFailure(4, List.of("--device cuda", "no GPU"), "train", "--run", run.toString(), "--device", "cuda",
                "--epochs", "1");
    }

    @Test
    void anUnknownDeviceIsAUsageError() {
        assertCleanFailure(2, List.of("--device", "'tpu'"), capture(tmp.resolve("run"), "tpu"));
    }
}
