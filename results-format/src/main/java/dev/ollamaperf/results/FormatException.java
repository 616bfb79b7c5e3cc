package dev.ollamaperf.results;

/** A harness file that cannot be read: the message starts with {@code <file>:<line>:} where the line is known. */
public final class FormatException extends RuntimeException {

    /** Creates the exception; {@code message} names the file. */
    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
