package dev.ollamaperf.client.internal.limit;

import dev.ollamaperf.client.config.RateLimitSettings;
import dev.ollamaperf.client.error.RateLimitedException;
import dev.ollamaperf.client.limit.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens per second, at most {@code burst} saved up. Callers reserve a token (the
 * bucket may go negative, so waiters are served in reservation order) and sleep until it is theirs; a caller
 * whose token is further away than {@code maxWait} takes nothing and gets {@link RateLimitedException}.
 *
 * <p>Implementation notes: state is two numbers (tokens, last refill time) guarded by {@code this}; sleeping
 * happens outside the lock. Time comes from the injected clock and sleeps go through the injected
 * {@link Sleeper}, so tests run on a fake clock. Thread-safe.
 */
public final class RateLimiter {

    private final double ratePerNano;
    private final double rate;
    private final int burst;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double tokens;
    private long lastRefill;

    /**
     * A limiter with a full bucket.
     *
     * @param settings  rate (> 0) and burst
     * @param maxWait   longest a caller may wait for its token, >= 0
     * @param nanoClock time source
     * @param sleeper   how to wait
     */
    public RateLimiter(RateLimitSettings settings, Duration maxWait, LongSupplier nanoClock, Sleeper sleeper) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException(
                    "'OLLAMA_RATE_LIMIT' must be > 0 to build a rate limiter, got: " + settings.ratePerSecond());
        }
        this.rate = settings.ratePerSecond();
        this.ratePerNano = rate / 1e9;
        this.burst = settings.burst();
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /**
     * Takes a token, waiting for it if needed.
     *
     * @return how long the caller waited, in nanoseconds (0 when a token was available)
     * @throws RateLimitedException  when the token is more than {@code maxWait} away (nothing is taken)
     * @throws CancellationException when interrupted while waiting (the interrupt is kept; the token is spent)
     */
    public long acquire() {
        long wait = reserve();
        if (wait > 0) {
            try {
                sleeper.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for a rate-limit token");
            }
        }
        return wait;
    }

    /** Reserves a token and returns the wait until it is due, or throws if that is beyond {@code maxWait}. */
    synchronized long reserve() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        long wait = (long) Math.ceil((1 - tokens) / ratePerNano);
        if (wait > maxWaitNanos) {
            throw new RateLimitedException(rate, burst, wait);
        }
        tokens -= 1;
        return wait;
    }

    /** Tokens available now (negative when callers are waiting on reserved tokens). */
    public synchronized double availableTokens() {
        long now = nanoClock.getAsLong();
        return Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
    }
}
