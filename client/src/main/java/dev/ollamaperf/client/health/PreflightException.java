package dev.ollamaperf.client.health;

/** The target is not fit to be measured: unreachable, or a model is missing. The message says what to do. */
public final class PreflightException extends RuntimeException {

    public PreflightException(String message, Throwable cause) {
        super(message, cause);
    }
}
