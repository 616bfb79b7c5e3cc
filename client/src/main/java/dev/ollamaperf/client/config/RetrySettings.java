package dev.ollamaperf.client.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry of 503s and connection failures: exponential backoff with full jitter, bounded in attempts and total
 * time.
 *
 * @param maxAttempts    1 (no retry) to 10, counting the first attempt
 * @param initialBackoff backoff before the second attempt (before jitter), > 0
 * @param maxBackoff     cap on one backoff, >= initialBackoff
 * @param budget         total time across all attempts and backoffs after which no retry starts, > 0
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {

    /** No retries. */
    public static final RetrySettings NONE =
            new RetrySettings(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));

    public RetrySettings {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(budget, "budget");
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException(
                    "'" + ClientSettings.RETRY_MAX_ATTEMPTS + "' must be between 1 and 10, got: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(
                    "'" + ClientSettings.RETRY_INITIAL_BACKOFF + "' must be > 0, got: " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("'" + ClientSettings.RETRY_MAX_BACKOFF + "' must be >= '"
                    + ClientSettings.RETRY_INITIAL_BACKOFF + "' (" + initialBackoff + "), got: " + maxBackoff);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("'" + ClientSettings.RETRY_BUDGET + "' must be > 0, got: " + budget);
        }
    }
}
