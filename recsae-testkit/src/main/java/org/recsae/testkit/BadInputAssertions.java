package org.recsae.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The checks every bad-input case must pass: the documented exit code, one message naming what is wrong, no stack
 * trace, and nothing left behind in the output directory.
 */
public final class BadInputAssertions {
    private BadInputAssertions() {
    }

    /** Runs the command line and checks it failed cleanly with {@code exitCode}; each fragment must appear. */
    public static CliRun assertCleanFailure(int exitCode, List<String> fragments, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(exitCode, run.exitCode(), () -> "wrong exit code for " + String.join(" ", args) + "\n" + run);
        assertTrue(run.stdout().isEmpty(), () -> "a failed command must print nothing on stdout\n" + run);
        assertFalse(run.stderr().isBlank(), () -> "a failed command must say why on stderr\n" + run);
        assertFalse(run.stderr().contains("\tat "), () -> "no stack trace without --debug\n" + run);
        String lower = run.stderr().toLowerCase(Locale.ROOT);
        for (String fragment : fragments) {
            assertTrue(lower.contains(fragment.toLowerCase(Locale.ROOT)),
                    () -> "the message should mention '" + fragment + "'\n" + run);
        }
        return run;
    }

    /** Asserts that a directory holds exactly the given relative paths (an absent directory holds none). */
    public static void assertDirectoryHolds(Path dir, List<String> expected) {
        if (!Files.exists(dir)) {
            assertTrue(expected.isEmpty(), () -> dir + " does not exist, expected " + expected);
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> found = files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
                    .toList();
            assertEquals(expected.stream().sorted().toList(), found, "files left in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
