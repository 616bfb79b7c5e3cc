package dev.ollamaperf.load.protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When each user of a constant-rate open-model injection was meant to start, so latency can be
 * measured from that moment (wrk2's "intended start") rather than from when the generator got
 * round to sending: a generator that falls behind then shows up as latency, not as a silent drop
 * in load.
 *
 * <p>Gatling numbers users 1, 2, 3... in start order and injects {@code constantUsersPerSec(r)}
 * evenly, user k at (k-1)/r after the first. The origin is fixed by the first user that arrives,
 * extrapolated back to user 1. Thread-safe.
 */
public final class ArrivalSchedule {

    private static final long UNSET = Long.MIN_VALUE;

    private final double intervalNanos;
    private final AtomicLong origin = new AtomicLong(UNSET);

    /** A schedule of {@code usersPerSecond} evenly spaced arrivals (> 0). */
    public ArrivalSchedule(double usersPerSecond) {
        if (!(usersPerSecond > 0)) {
            throw new IllegalArgumentException("'usersPerSecond' must be > 0, got: " + usersPerSecond);
        }
        this.intervalNanos = 1e9 / usersPerSecond;
    }

    /**
     * The intended start of user {@code userId} (1-based), given that it is running now; never
     * later than {@code nowNanos}.
     */
    public long intendedStart(long userId, long nowNanos) {
        long offset = Math.round((userId - 1) * intervalNanos);
        origin.compareAndSet(UNSET, nowNanos - offset);
        return Math.min(nowNanos, origin.get() + offset);
    }
}
