package dev.ollamaperf.client.error;

/** The client's token-bucket rate limiter refused the call (no token within the allowed wait). */
public final class RateLimitedException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** Refused with {@code rate} permits/s and {@code burst}; {@code waitNanos} is how long a token would take. */
    public RateLimitedException(double rate, int burst, long waitNanos) {
        super(
                ErrorKind.RATE_LIMITED,
                0,
                "rate limit of " + rate + "/s (burst " + burst + ") exceeded; next permit in " + waitNanos / 1_000_000
                        + " ms",
                null);
    }
}
