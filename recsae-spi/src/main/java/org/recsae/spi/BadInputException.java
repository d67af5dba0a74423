package org.recsae.spi;

/** A user-supplied input (file, tensor, field, id) is missing, malformed or out of range. Exit code 3. */
public class BadInputException extends RecsaeException {
    public BadInputException(String message) {
        super(ErrorKind.BAD_INPUT, message);
    }

    public BadInputException(String message, Throwable cause) {
        super(ErrorKind.BAD_INPUT, message, cause);
    }
}
