package org.recsae.runtime.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.recsae.runtime.Version;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.ParseException;
import org.recsae.spi.ErrorKind;
import org.recsae.spi.RecsaeException;

/**
 * The {@code recsae} command line. Exit codes: 0 success, 2 usage error, 3 bad input, 4 runtime failure. Errors
 * print one message; {@code --debug} adds the stack trace.
 */
public final class Main {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        register(new RunCommand());
        register(new InspectCommand());
        register(new CheckCommand());
        register(new CaptureCommand());
        register(new TrainCommand());
        register(new EvaluateCommand());
        register(new InterpretCommand());
        register(new ExportSaeCommand());
        register(new SteerCommand());
        register(new SteerEvalCommand());
        register(new ExplainCommand());
        register(new CompareCommand());
        register(new ReportCommand());
        register(new VerifyCommand());
    }

    private Main() {
    }

    /** The command of that name, or null (for tests that check what each command accepts). */
    public static Command command(String name) {
        return COMMANDS.get(name);
    }

    private static void register(Command command) {
        COMMANDS.put(command.name(), command);
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        // Exit explicitly: native libraries may leave non-daemon threads behind.
        System.exit(code);
    }

    /** Runs one command line; never calls {@code System.exit}, so tests can call it in-process. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean debug = rest.remove("--debug");
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h") || rest.get(0).equals("help")) {
            if (rest.size() > 1 && COMMANDS.containsKey(rest.get(1))) {
                printHelp(COMMANDS.get(rest.get(1)), out);
                return 0;
            }
            printUsage(rest.isEmpty() ? err : out);
            return rest.isEmpty() ? ErrorKind.USAGE.exitCode() : 0;
        }
        if (rest.get(0).equals("--version")) {
            out.println("recsae " + Version.get());
            return 0;
        }
        Command command = COMMANDS.get(rest.get(0));
        if (command == null) {
            err.println("recsae: unknown command '" + rest.get(0) + "'; commands: " + String.join(", ", COMMANDS.keySet()));
            return ErrorKind.USAGE.exitCode();
        }
        String[] commandArgs = rest.subList(1, rest.size()).toArray(new String[0]);
        return runCommand(command, commandArgs, out, err, debug);
    }

    /**
     * Parses and runs one command with the same help, error messages and exit codes as {@code recsae}: how an
     * entry point outside this jar (the Spark capture) presents itself like a built-in command.
     */
    public static int runCommand(Command command, String[] commandArgs, PrintStream out, PrintStream err,
                                 boolean debug) {
        if (Arrays.asList(commandArgs).contains("--help")) {
            printHelp(command, out);
            return 0;
        }
        CommandLine line;
        try {
            line = new DefaultParser().parse(command.options(), commandArgs);
            if (!line.getArgList().isEmpty()) {
                throw new ParseException("unexpected argument(s) " + line.getArgList());
            }
        } catch (ParseException e) {
            err.println("recsae " + command.name() + ": " + e.getMessage() + " (see recsae " + command.name() + " --help)");
            return ErrorKind.USAGE.exitCode();
        }
        try {
            return command.run(line, new CliContext(out, err, debug));
        } catch (RecsaeException e) {
            err.println("recsae " + command.name() + ": error: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return e.exitCode();
        } catch (InternalError e) {
            // What the JVM throws when a memory-mapped file (the model) shrinks or changes under a running command.
            err.println("recsae " + command.name() + ": error: an input file changed while the command read it ("
                    + e.getMessage() + "); the model file must stay as it is until the command ends. Rerun it.");
            if (debug) {
                e.printStackTrace(err);
            }
            return ErrorKind.RUNTIME_FAILURE.exitCode();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // Exception, not only RuntimeException: Scala libraries throw checked exceptions Java never declared.
            err.println("recsae " + command.name() + ": internal error: " + e
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return ErrorKind.RUNTIME_FAILURE.exitCode();
        }
    }

    private static void printUsage(PrintStream stream) {
        stream.println("usage: recsae [--debug] COMMAND [OPTIONS]   (recsae COMMAND --help for its options)");
        stream.println();
        for (Command c : COMMANDS.values()) {
            stream.printf("  %-12s %s%n", c.name(), c.summary());
        }
        stream.println();
        stream.println("Exit codes: 0 ok, 2 usage error, 3 bad input, 4 runtime failure.");
    }

    private static void printHelp(Command command, PrintStream stream) {
        PrintWriter w = new PrintWriter(stream);
        new HelpFormatter().printHelp(w, 100, "recsae " + command.name(), command.summary(), command.options(), 2, 2,
                "", true);
        w.flush();
    }
}
