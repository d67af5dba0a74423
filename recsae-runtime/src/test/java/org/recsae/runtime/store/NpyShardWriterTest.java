package org.recsae.runtime.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyShardWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesNumpyV1HeaderAndStreamsRows() throws Exception {
        Path file = dir.resolve("a.npy");
        float[] data = new float[3 * 5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 7;
        }
        try (NpyShardWriter w = new NpyShardWriter(file, 3)) {
            w.write(data, 0, 1000);
            assertFalse(Files.exists(file), "the shard appears only when complete");
            w.write(data, 3000, 4000);
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(NpyShardWriter.HEADER_BYTES + data.length * 4, bytes.length);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "numpy aligns data to 64 bytes");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (5000, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        NpyReader.Header h = NpyReader.header(file);
        float[] back = new float[data.length];
        NpyReader.readRows(file, h, 0, 5000, back);
        assertArrayEquals(data, back);
        float[] tail = new float[6];
        NpyReader.readRows(file, h, 4998, 2, tail);
        assertArrayEquals(Arrays.copyOfRange(data, 4998 * 3, 5000 * 3), tail);
    }

    @Test
    void abandonedShardLeavesNothing() throws Exception {
        Path file = dir.resolve("b.npy");
        NpyShardWriter w = new NpyShardWriter(file, 2);
        w.write(new float[] {1, 2}, 0, 1);
        w.abandon();
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
