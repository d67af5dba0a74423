package org.recsae.spi;

/** The command line is wrong: unknown flag, missing argument, unknown plugin or tensor name. Exit code 2. */
public class UsageException extends RecsaeException {
    public UsageException(String message) {
        super(ErrorKind.USAGE, message);
    }

    public UsageException(String message, Throwable cause) {
        super(ErrorKind.USAGE, message, cause);
    }
}
