package org.recsae.spi;

/** The inputs were acceptable but the work failed (native library, I/O, broken invariant). Exit code 4. */
public class RuntimeFailureException extends RecsaeException {
    public RuntimeFailureException(String message) {
        super(ErrorKind.RUNTIME_FAILURE, message);
    }

    public RuntimeFailureException(String message, Throwable cause) {
        super(ErrorKind.RUNTIME_FAILURE, message, cause);
    }
}
