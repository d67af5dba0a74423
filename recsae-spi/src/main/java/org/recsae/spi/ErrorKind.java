package org.recsae.spi;

/**
 * What went wrong, in the terms the command line reports: every kind has one documented exit code.
 */
public enum ErrorKind {
    /** The command line itself is wrong: an unknown flag, a missing argument, an unknown name. */
    USAGE(2),
    /** An input is missing, malformed or out of range: a file, a tensor, a field, an id. */
    BAD_INPUT(3),
    /** The inputs were fine but the work failed: a native library, an I/O error, a broken invariant. */
    RUNTIME_FAILURE(4);

    private final int exitCode;

    ErrorKind(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
