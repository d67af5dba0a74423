package org.recsae.runtime.sae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a finished run's checkpoint folder; failing to is not worth failing the run for. */
final class RunDirectoryCleanup {
    private RunDirectoryCleanup() {
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a stale checkpoint is ignored by fingerprint on the next run
        }
    }
}
