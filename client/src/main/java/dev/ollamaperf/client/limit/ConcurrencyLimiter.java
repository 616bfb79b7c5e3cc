package dev.ollamaperf.client.limit;

import dev.ollamaperf.client.error.LimiterTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Caps the calls in flight to one Ollama ({@code OLLAMA_MAX_CONCURRENT}). Waiters are served in arrival order
 * (a fair {@link Semaphore}), each for at most {@code maxWait}, after which it fails with
 * {@link LimiterTimeoutException}. The wait of every granted permit is measured on the injected clock and
 * reported to a listener.
 *
 * <p>Implementation notes: the permit count lives in the semaphore; {@code inUse}/{@code maxInUse} are separate
 * atomics kept for introspection only (they may be momentarily behind the semaphore, never ahead of the limit).
 * A {@link Permit} releases exactly once however many times it is closed. Thread-safe.
 */
public final class ConcurrencyLimiter {

    /** Told how long each granted permit waited; called on the acquiring thread. */
    @FunctionalInterface
    public interface WaitListener {
        void onGranted(long queueWaitNanos);
    }

    private final int limit;
    private final long maxWaitNanos;
    private final Semaphore semaphore;
    private final LongSupplier nanoClock;
    private final WaitListener listener;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger maxInUse = new AtomicInteger();

    /** A limiter of {@code limit} permits (1–1000) with the system clock and no listener. */
    public ConcurrencyLimiter(int limit, Duration maxWait) {
        this(limit, maxWait, System::nanoTime, w -> {});
    }

    /**
     * A limiter.
     *
     * @param limit     1–1000 concurrent permits
     * @param maxWait   longest wait for a permit, >= 0 (0 = fail at once when none is free)
     * @param nanoClock clock used to measure queue waits
     * @param listener  receives each granted permit's wait
     */
    public ConcurrencyLimiter(int limit, Duration maxWait, LongSupplier nanoClock, WaitListener listener) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'OLLAMA_MAX_CONCURRENT' must be between 1 and 1000, got: " + limit);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("'OLLAMA_LIMITER_WAIT' must be >= 0, got: " + maxWait);
        }
        this.limit = limit;
        this.maxWaitNanos = maxWait.toNanos();
        this.semaphore = new Semaphore(limit, true);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Waits for a permit, in FIFO order, for at most the configured wait.
     *
     * @throws LimiterTimeoutException when none was free in time
     * @throws CancellationException   when the thread was interrupted while waiting (the interrupt is kept)
     */
    public Permit acquire() {
        long start = nanoClock.getAsLong();
        boolean granted;
        try {
            granted = semaphore.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a concurrency permit");
        }
        long waited = nanoClock.getAsLong() - start;
        if (!granted) {
            throw new LimiterTimeoutException(limit, Duration.ofNanos(waited), semaphore.getQueueLength());
        }
        int now = inUse.incrementAndGet();
        maxInUse.accumulateAndGet(now, Math::max);
        listener.onGranted(waited);
        return new Permit(waited);
    }

    /** The configured limit. */
    public int limit() {
        return limit;
    }

    /** Permits currently held. */
    public int inUse() {
        return inUse.get();
    }

    /** The most permits ever held at once. */
    public int maxInUse() {
        return maxInUse.get();
    }

    /** Threads currently waiting (an estimate, as {@link Semaphore#getQueueLength()}). */
    public int waiting() {
        return semaphore.getQueueLength();
    }

    /** A held permit; close it to release (idempotent). */
    public final class Permit implements AutoCloseable {
        private final long queueWaitNanos;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(long queueWaitNanos) {
            this.queueWaitNanos = queueWaitNanos;
        }

        /** How long this permit waited in the queue. */
        public long queueWaitNanos() {
            return queueWaitNanos;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                inUse.decrementAndGet();
                semaphore.release();
            }
        }
    }
}
