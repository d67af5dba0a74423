package org.recsae.dist;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, with the network cut off (every host resolves to nothing), as root needs it, and a
 * fresh profile per call. Outside CI a missing browser skips the test with instructions; under {@code CI=true} it
 * fails the test.
 */
final class HeadlessChromium {
    private final Path executable;
    private final Path scratch;

    private HeadlessChromium(Path executable, Path scratch) {
        this.executable = executable;
        this.scratch = scratch;
    }

    static HeadlessChromium require(Path scratch) {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String how = "no Chromium found (looked for $RECSAE_CHROMIUM, chromium, chromium-browser, google-chrome); "
                    + "install it with 'apt-get install chromium' to run the report's browser test";
            if (System.getenv("CI") != null) {
                fail(how);
            }
            Assumptions.abort(how);
        }
        return new HeadlessChromium(found.get(), scratch);
    }

    private static Optional<Path> find() {
        String env = System.getenv("RECSAE_CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after the page's scripts ran, for {@code page#fragment}. */
    String dumpDom(Path page, String fragment) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url(page, fragment)));
    }

    void screenshot(Path page, String fragment, Path png) throws IOException, InterruptedException {
        run(List.of("--window-size=1400,1800", "--screenshot=" + png, url(page, fragment)));
    }

    private static String url(Path page, String fragment) {
        return page.toAbsolutePath().toUri() + (fragment.isEmpty() ? "" : "#" + fragment);
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000",
                "--user-data-dir=" + profile));
        cmd.addAll(args);
        Path out = scratch.resolve("chromium-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 120 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + cmd);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
