package org.recsae.runtime.cli;

import java.io.PrintStream;

/**
 * Where a command writes: {@code out} carries the result (only the JSON document under {@code --json}), {@code err}
 * carries logs and progress.
 */
public record CliContext(PrintStream out, PrintStream err, boolean debug) {
}
