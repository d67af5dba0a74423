package org.recsae.runtime.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.store.Json;
import org.recsae.runtime.store.SafetensorsFile;
import org.recsae.spi.BadInputException;

/** Saving and reloading an SAE in the SAELens layout. */
class SaeFilesTest {
    @TempDir
    Path dir;

    @Test
    void reloadedSaeReconstructsBitForBit() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] centre = {0.1f, -0.2f, 0.3f, 0f, 1f, -1f, 0.5f, 2f};
            TopKSae sae = TopKSae.initialize(manager, 8, 32, 4, centre, 7);
            float[] x = new float[50 * 8];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] before = sae.reconstruct(manager.create(x, new Shape(50, 8))).toFloatArray();
            new SaeFiles(sae.tensors(), SaeFiles.cfg(8, 32, 4, Json.object()), null).write(dir);
            SaeFiles read = SaeFiles.read(dir);
            SafetensorsFile.read(dir.resolve(SaeFiles.WEIGHTS));
            TopKSae back = TopKSae.fromTensors(manager, read.weights(), read.k());
            float[] after = back.reconstruct(manager.create(x, new Shape(50, 8))).toFloatArray();
            assertArrayEquals(before, after);
        }
    }

    @Test
    void saeForAnotherProbeWidthIsRefused() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TopKSae sae = TopKSae.initialize(manager, 8, 16, 2, new float[8], 1);
            new SaeFiles(sae.tensors(), SaeFiles.cfg(8, 16, 2, Json.object()), null).write(dir);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> SaeFiles.readFor(dir, 64, "/probe"));
        assertTrue(e.getMessage().contains("d_in 8") && e.getMessage().contains("width 64"), e.getMessage());
    }
}
