package org.recsae.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Copies of a prepared run directory, for tests that break, interrupt or rerun one stage on their own copy. */
final class RunCopies {
    private RunCopies() {
    }

    /**
     * Copies the files and folders of {@code run} whose path relative to it (with '/' separators, "" for the run
     * itself) {@code keep} accepts, into {@code copy}.
     */
    static Path copy(Path run, Path copy, Predicate<String> keep) throws IOException {
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.toList()) {
                String rel = run.relativize(p).toString().replace('\\', '/');
                if (!keep.test(rel)) {
                    continue;
                }
                Path target = copy.resolve(rel);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    /** The captured activations, the SAE and the manifest: what a stage after train starts from. */
    static Path capturedAndTrained(Path run, Path copy) throws IOException {
        return copy(run, copy, rel -> rel.isEmpty() || rel.equals("manifest.json") || rel.startsWith("activations")
                || rel.equals("sae") || rel.startsWith("sae/"));
    }
}
