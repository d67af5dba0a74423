package org.recsae.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code examples/} folder from any module's working directory. */
public final class ExampleFiles {
    private ExampleFiles() {
    }

    public static Path examples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("examples");
            if (Files.isDirectory(candidate.resolve("sasrec"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no examples/ folder above " + Path.of("").toAbsolutePath());
    }

    public static Path resolve(String relative) {
        Path p = examples().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("example file " + p + " is missing");
        }
        return p;
    }
}
