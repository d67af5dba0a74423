package org.recsae.spi;

/**
 * Base of every error recsae raises on purpose. The message is written for the user: it names the file, field or
 * tensor, what was expected and what was found. The kind decides the process exit code.
 */
public class RecsaeException extends RuntimeException {
    private final ErrorKind kind;

    public RecsaeException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RecsaeException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public int exitCode() {
        return kind.exitCode();
    }
}
