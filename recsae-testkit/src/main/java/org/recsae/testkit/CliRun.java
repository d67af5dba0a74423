package org.recsae.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.recsae.runtime.cli.Command;
import org.recsae.runtime.cli.Main;

/** One in-process run of the {@code recsae} command line, with what it printed. */
public record CliRun(int exitCode, String stdout, String stderr) {

    public static CliRun of(String... args) {
        return capture((o, e) -> Main.run(args, o, e));
    }

    /** A command that is not built into {@code recsae} (an extension's entry point), run the same way. */
    public static CliRun of(Command command, String... args) {
        return capture((o, e) -> Main.runCommand(command, args, o, e, false));
    }

    private static CliRun capture(java.util.function.ToIntBiFunction<PrintStream, PrintStream> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = body.applyAsInt(o, e);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
