package org.recsae.dist;

import java.io.IOException;
import java.nio.file.Path;
import org.recsae.runtime.store.RunDirectory;

/** Test helper: drop a run's trained SAE, so a test can check that a failed train leaves none behind. */
final class RunDirectoryCleanup {
    private RunDirectoryCleanup() {
    }

    static void removeSae(Path run) throws IOException {
        RunDirectory.deleteTree(run.resolve("sae"));
    }
}
