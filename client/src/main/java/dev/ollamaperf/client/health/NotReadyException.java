package dev.ollamaperf.client.health;

import java.util.Objects;

/** The startup check found the server unusable; the message says what is wrong and what to do. */
public final class NotReadyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the server is not ready. */
    public enum Reason {
        /** Nothing listens at the address (connection refused). */
        NOT_RUNNING,
        /** The host name does not resolve: a wrong address. */
        UNKNOWN_HOST,
        /** The server did not answer in time. */
        TIMEOUT,
        /** The server runs, but the default model is not present. */
        MODEL_MISSING,
        /** The server answered with an error. */
        ERROR
    }

    private final Reason reason;

    /** A failed check. */
    public NotReadyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }
}
