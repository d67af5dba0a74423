package org.recsae.runtime.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.recsae.spi.RuntimeFailureException;

/**
 * The run directory every stage reads from and writes to. Each stage owns one sub-folder, which it builds under a
 * hidden {@code .NAME.partial} folder and swaps in whole, so an interrupted stage leaves the previous result (or
 * nothing), never a mix.
 */
public final class RunDirectory {
    public static final String MANIFEST = "manifest.json";
    public static final String TIMINGS = "timings.json";

    private final Path root;
    /** The outermost folder the first {@link #beginStage} had to create (the run's own, or above it), or null. */
    private Path created;

    public RunDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path manifest() {
        return root.resolve(MANIFEST);
    }

    public Path timings() {
        return root.resolve(TIMINGS);
    }

    public Path stageDir(String stage) {
        return root.resolve(stage);
    }

    /** A fresh, empty staging folder for {@code stage}'s outputs. */
    public Path beginStage(String stage) {
        if (created == null) {
            created = outermostMissing(root);
        }
        Path partial = root.resolve("." + stage + ".partial");
        deleteTree(partial);
        try {
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot create " + partial + ": " + e.getMessage(), e);
        }
        return partial;
    }

    /** Replaces {@code stage}'s folder with the finished staging folder. */
    public Path commitStage(String stage, Path partial) {
        Path target = stageDir(stage);
        Path old = root.resolve("." + stage + ".old");
        try {
            deleteTree(old);
            if (Files.exists(target)) {
                Files.move(target, old);
            }
            Files.move(partial, target);
            deleteTree(old);
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot move " + partial + " into place at " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * Removes a staging folder after a failure, and the folders beginning the stage created if they are left
     * empty, so a failed first stage leaves nothing behind.
     */
    public void abandonStage(Path partial) {
        deleteTree(partial);
        if (created == null) {
            return;
        }
        for (Path p = root; p != null; p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty (or not ours to remove): leave it and what holds it
            }
            if (p.equals(created)) {
                return;
            }
        }
    }

    private static Path outermostMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** The path of {@code file} relative to the run root, with forward slashes, as manifests record it. */
    public String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Deletes a folder and everything in it; a missing folder is fine. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new RuntimeFailureException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
