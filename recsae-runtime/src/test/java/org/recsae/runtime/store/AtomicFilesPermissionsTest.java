package org.recsae.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesGetTheProcessDefaultPermissionsNotOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = dir.resolve("steered.onnx");
        AtomicFiles.writeBytes(written, new byte[] {1, 2, 3});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        try (var left = Files.list(dir)) {
            assertEquals(2, left.count(), "no temporary file is left beside the target");
        }
    }
}
