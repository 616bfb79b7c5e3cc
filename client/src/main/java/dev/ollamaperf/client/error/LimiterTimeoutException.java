package dev.ollamaperf.client.error;

import java.time.Duration;

/** The client's concurrency limiter did not grant a permit within the allowed wait. */
public final class LimiterTimeoutException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** Timed out after {@code waited} with {@code limit} permits all in use and {@code queued} callers waiting. */
    public LimiterTimeoutException(int limit, Duration waited, int queued) {
        super(
                ErrorKind.LIMITER_TIMEOUT,
                0,
                "no concurrency permit within " + waited.toMillis() + " ms ('" + "OLLAMA_MAX_CONCURRENT' = " + limit
                        + ", " + queued + " waiting)",
                null);
    }
}
