package org.recsae.runtime.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One {@code recsae} sub-command: a thin layer that parses flags into a config and calls a stage. */
public interface Command {
    String name();

    /** One line for {@code recsae --help}. */
    String summary();

    Options options();

    /** Runs the command; returns the exit code. Errors are thrown as {@link org.recsae.spi.RecsaeException}s. */
    int run(CommandLine line, CliContext context);
}
