package org.recsae.spi.interpret;

/**
 * A backend that turns a latent's explaining sequences into a description and predicts, from that description
 * alone, how strongly the latent fires on sequences it has not seen. Found with {@link java.util.ServiceLoader}
 * and chosen by its {@link #name()}, which every concept file records so a run can be re-scored with the same
 * backend.
 */
public interface Interpreter {
    /** Stable, lower case name used on the command line and in artifacts, e.g. {@code builtin}. */
    String name();

    /** Bumped whenever the same inputs would give different descriptions or predictions. */
    String version();

    /** Starts a session for one run; sessions may hold native or network resources. */
    InterpreterSession open(InterpreterContext context);
}
