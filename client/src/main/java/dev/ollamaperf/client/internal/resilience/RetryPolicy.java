package dev.ollamaperf.client.internal.resilience;

import dev.ollamaperf.client.config.RetrySettings;
import dev.ollamaperf.client.error.ErrorKind;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.limit.Sleeper;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Retries 503s ({@link ErrorKind#SERVER_BUSY}) and connection failures ({@link ErrorKind#CONNECTION_FAILED}) with
 * exponential backoff and jitter, bounded by a number of attempts and a total time budget. Nothing else is
 * retried, and never an attempt whose {@link DeliveryFlag} shows output already reached the caller.
 *
 * <p>Backoff before attempt {@code n+1} is {@code b = min(max, initial * 2^(n-1))}, slept as
 * {@code b/2 + jitter * b/2} with jitter in [0,1) ("equal jitter": spread out, never near zero). A retry whose
 * backoff would end past the budget is not started; the last failure is thrown with earlier ones suppressed.
 * Stateless apart from its injected clock, sleeper and jitter source; thread-safe if those are.
 */
public final class RetryPolicy {

    private final RetrySettings settings;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    /**
     * A policy.
     *
     * @param jitter source of uniform values in [0,1) (e.g. {@code ThreadLocalRandom.current()::nextDouble})
     */
    public RetryPolicy(RetrySettings settings, LongSupplier nanoClock, Sleeper sleeper, DoubleSupplier jitter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /** True for the failures this policy retries. */
    public static boolean isRetryable(OllamaException e) {
        return e.kind() == ErrorKind.SERVER_BUSY || e.kind() == ErrorKind.CONNECTION_FAILED;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with a non-retryable error, delivers output, or the attempts or
     * budget run out.
     */
    public <T> T execute(DeliveryFlag delivery, Supplier<T> attempt) {
        long start = nanoClock.getAsLong();
        OllamaException last = null;
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (OllamaException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                if (!isRetryable(e) || delivery.delivered() || n >= settings.maxAttempts()) {
                    throw e;
                }
                long backoff = backoffNanos(n);
                if (nanoClock.getAsLong() - start + backoff > settings.budget().toNanos()) {
                    throw e;
                }
                sleep(backoff);
            }
        }
    }

    /** The jittered backoff after failed attempt {@code n} (1-based). */
    long backoffNanos(int n) {
        long initial = settings.initialBackoff().toNanos();
        long max = settings.maxBackoff().toNanos();
        long base = n >= 62 ? max : Math.min(max, initial << Math.min(n - 1, 40));
        if (base < 0) {
            base = max;
        }
        return base / 2 + (long) (jitter.getAsDouble() * (base / 2));
    }

    private void sleep(long nanos) {
        try {
            sleeper.sleepNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during retry backoff");
        }
    }
}
