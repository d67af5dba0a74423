package org.recsae.runtime.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.recsae.spi.RuntimeFailureException;

/**
 * Writes files so that a reader sees either the old content or the whole new one: data goes to a temporary file in
 * the same directory, is flushed to disk, then renamed over the target. A crash leaves at most a {@code .tmp} file,
 * which the next write replaces.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes what {@code body} produces; nothing appears at {@code target} unless {@code body} completes. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = uniqueSibling(dir, target);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
                out.flush();
            }
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new RuntimeFailureException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new empty file beside the target with a unique name, so two writers of the same file (threads, or runs
     * sharing a cache) never collide. Made with the process's default permissions (umask), as every other file of
     * a run is: Files.createTempFile would make it owner-only, and a steered model then could not be served by
     * another account.
     */
    private static Path uniqueSibling(Path dir, Path target) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
