package dev.ollamaperf.client.error;

/** A connect, read or whole-call timeout expired. */
public final class RequestTimeoutException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** A timeout; {@code what} names which one and its value, e.g. "read timeout of PT30S". */
    public RequestTimeoutException(String what, Throwable cause) {
        super(ErrorKind.TIMEOUT, 0, what + " expired", cause);
    }
}
