package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsae.runtime.cli.Main;
import org.recsae.testkit.ExampleFiles;

/**
 * capture, train and interpret as child processes, killed with SIGKILL at seeded random moments and rerun: the
 * artifacts they end with equal an uninterrupted run's, byte for byte, and no staging folder is left behind.
 */
class KillResumeTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(Long.getLong("recsae.kill.seed", 7));

    @TempDir
    Path tmp;

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Process start(Path log, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start();
    }

    /** Runs to the end; the exit code must be 0. Returns what it printed. */
    private String complete(String... args) throws Exception {
        Path log = tmp.resolve("child-" + System.nanoTime() + ".log");
        Process p = start(log, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + List.of(args));
        assertEquals(0, p.exitValue(), () -> readQuietly(log));
        return readQuietly(log);
    }

    /**
     * Starts the command, waits until {@code underway} shows it mid-work, then kills it with SIGKILL after a further
     * random delay below {@code jitterMs}. Returns whether it was killed (rather than finishing first).
     */
    private boolean killMidway(java.util.function.BooleanSupplier underway, long jitterMs, String... args)
            throws Exception {
        Process p = start(tmp.resolve("killed-" + System.nanoTime() + ".log"), args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && !underway.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (p.waitFor(RANDOM.nextLong(jitterMs), TimeUnit.MILLISECONDS)) {
            return false;
        }
        p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return true;
    }

    private static boolean exists(Path p) {
        return Files.exists(p);
    }

    private static long lines(Path p) {
        try (Stream<String> s = Files.lines(p)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Every file under {@code dir} by relative path, with its bytes' hash. */
    private static TreeMap<String, String> contents(Path dir) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), org.recsae.runtime.store.Hashing.sha256(f));
            }
        }
        return out;
    }

    private static void assertNoStaging(Path run) throws IOException {
        try (Stream<Path> list = Files.list(run)) {
            List<String> left = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".partial") || n.endsWith(".old") || n.endsWith(".tmp")).toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
    }

    private String[] capture(Path run) {
        return new String[] {"capture", "--model", ExampleFiles.resolve("sasrec/models/sasrec_opset14_folded.onnx")
                .toString(), "--descriptor", ExampleFiles.resolve("sasrec/models/sasrec.descriptor.json").toString(),
            "--data", ExampleFiles.resolve("data/ml-latest-small").toString(), "--run", run.toString()};
    }

    private static String[] train(Path run) {
        return new String[] {"train", "--run", run.toString(), "--k", "16", "--epochs", "3", "--checkpoint-every",
            "40"};
    }

    private static String[] interpret(Path run) {
        return new String[] {"interpret", "--run", run.toString()};
    }

    @Test
    void killedStagesResumeToTheArtifactsOfAnUninterruptedRun() throws Exception {
        Path reference = tmp.resolve("reference");
        Path victim = tmp.resolve("victim");
        complete(capture(reference));
        complete(train(reference));
        complete(interpret(reference));

        for (int i = 0; i < 2; i++) {
            assertTrue(killMidway(() -> exists(victim.resolve(".activations.partial")), 300, capture(victim)));
        }
        complete(capture(victim));
        assertEquals(contents(reference.resolve("activations")), contents(victim.resolve("activations")));
        assertNoStaging(victim);

        Path checkpoint = victim.resolve(".sae-checkpoint");
        for (int i = 0; i < 2; i++) {
            assertTrue(killMidway(() -> exists(checkpoint), 2000, train(victim)));
        }
        assertTrue(complete(train(victim)).contains("(resumed)"), "train did not resume from its checkpoint");
        assertEquals(contents(reference.resolve("sae")), contents(victim.resolve("sae")));
        assertNoStaging(victim);

        Path cache = victim.resolve("concepts/cache/concepts.jsonl");
        long[] before = {0};
        for (int i = 0; i < 2; i++) {
            long seen = before[0];
            assertTrue(killMidway(() -> lines(cache) > seen + 2, 200, interpret(victim)));
            before[0] = lines(cache);
        }
        assertTrue(complete(interpret(victim)).contains("interpret: resuming"), "interpret did not resume");
        for (String f : List.of("concepts.json", "concepts.csv", "summary.json")) {
            assertEquals(Files.readString(reference.resolve("concepts").resolve(f)),
                    Files.readString(victim.resolve("concepts").resolve(f)), f);
        }
        assertNoStaging(victim);
    }
}
