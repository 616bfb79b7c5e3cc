package dev.ollamaperf.emulator.engine;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The clock of every slot's next event (prefill end or token): one thread that sleeps until the
 * earliest deadline, then runs all that are due in one go, holding the engine lock once (and letting
 * the engine's other callers take it between two deadlines when they wait for it).
 *
 * <p>Why not the engine's {@code ScheduledThreadPoolExecutor} (which still runs loads and idle
 * expiries): at 1,000 streams that meant, per token, a task object and a callable wrapper, a heap
 * operation under the executor's own lock, a cancel that searched the heap, and one acquisition of
 * the engine lock, 20,000 times a second on a two-core machine. Here a deadline is a small record in
 * a heap guarded by the engine lock itself; a cancelled one is not searched for but dropped when it
 * comes up, because its epoch no longer matches the job's (the epoch rule {@link TokenTimer} already
 * uses). The thread parks with {@link Condition#awaitNanos}, as precise as the executor's wait.
 *
 * <p>Resolution: the thread sleeps until a tick of a fixed grid ({@link #RESOLUTION_NANOS} apart), the first at or
 * after the earliest token's deadline, and then runs every deadline that has passed, so a token runs at that tick or,
 * when it passed while the thread was busy anyway, in that pass; never before its deadline. A prefill end (which
 * hands nothing to the HTTP layer) wakes the thread at its own time. Why: with 1,000 streams whose tokens fall due a
 * few microseconds apart, this thread woke for one or two tokens at a time and so did the event loop it handed each
 * one to, on two cores shared with the benchmark's client; with the tick the process switches context half as often,
 * this thread takes about half the CPU and the whole token path (client included) a fifth less
 * (docs/measurements/2026-12-07-emulator-scheduling-error-3.md). A token is late by less than one tick (counted in
 * the lateness), and by the same amount in each of its stream's intervals when they are whole ticks (a stream's phase
 * on the grid does not move), so the spacing of a stream's tokens keeps its precision. Llama-server itself hands out
 * the tokens of all its slots together, one batched decode step at a time (docs/ollama-api.md §3.2 item 6), and a
 * step takes 10-25 ms on the reference GPU; a tick is 1/20 to 1/50 of that.
 */
final class TokenDeadlines {

    /** What runs when a deadline is due; called with the engine lock held. */
    interface Action {
        void due(Job job, int epoch);
    }

    /**
     * @param runAt when it runs: {@code nanos}, or the first tick at or after it for a deadline on the grid
     * @param order insertion number, compared by difference (right while two in the heap are under 2^31 apart; they are
     *              never that far apart); the two ints keep a deadline at 40 bytes, one is allocated per token
     */
    private record Deadline(Job job, int epoch, long nanos, long runAt, int order) {}

    /** The grid's tick: half a millisecond (issue 15's engine lateness limit is 1 ms at p99). */
    static final long RESOLUTION_NANOS = 500_000;

    /** By time to run, then deadline, then insertion; written out: it runs ~10 times a token in a 1,000-deep heap. */
    private static final Comparator<Deadline> EARLIEST_FIRST = (a, b) -> {
        if (a.runAt() != b.runAt()) {
            return Long.compare(a.runAt(), b.runAt());
        }
        return a.nanos() != b.nanos() ? Long.compare(a.nanos(), b.nanos()) : Integer.signum(a.order() - b.order());
    };

    private final PriorityQueue<Deadline> queue = new PriorityQueue<>(EARLIEST_FIRST);
    private final ReentrantLock lock;
    private final Condition earliestChanged;
    private final LongSupplier clock;
    private final long resolution;
    private final Thread thread;
    private Action action;
    private int order;
    private boolean closed;

    TokenDeadlines(ReentrantLock lock, LongSupplier clock) {
        this(lock, clock, RESOLUTION_NANOS);
    }

    /** @param resolution the grid's tick in nanoseconds, 1 or more (1: every deadline at its own time) */
    TokenDeadlines(ReentrantLock lock, LongSupplier clock, long resolution) {
        if (resolution < 1) {
            throw new IllegalArgumentException("'resolution' must be 1 ns or more, got: " + resolution);
        }
        this.lock = lock;
        this.earliestChanged = lock.newCondition();
        this.clock = clock;
        this.resolution = resolution;
        this.thread = new Thread(this::run, "ollama-emulator-tokens");
        this.thread.setDaemon(true);
    }

    /** Starts the thread; {@code due} runs every deadline. */
    void start(Action due) {
        this.action = due;
        thread.start();
    }

    /**
     * Runs {@code due} for the job at {@code nanos}, or at the first tick at or after it when {@code onGrid}, unless
     * its epoch has moved on. Lock held.
     */
    void add(Job job, int epoch, long nanos, boolean onGrid) {
        Deadline deadline = new Deadline(job, epoch, nanos, onGrid ? tick(nanos) : nanos, order++);
        queue.add(deadline);
        if (deadline.equals(queue.peek())) { // the new earliest: the thread may be waiting for a later tick
            earliestChanged.signal();
        }
    }

    /** Stops the thread; pending deadlines never run. Lock held. */
    void close() {
        closed = true;
        queue.clear();
        earliestChanged.signal();
    }

    private void run() {
        lock.lock();
        try {
            while (!closed) {
                Deadline next = queue.peek();
                long now = clock.getAsLong();
                if (next == null || next.nanos() > now) {
                    // asleep until a tick (or an off-grid deadline); one that passed while awake runs in this pass
                    earliestChanged.awaitNanos(next == null ? TimeUnit.SECONDS.toNanos(1) : next.runAt() - now);
                    continue;
                }
                queue.poll();
                if (next.epoch() == next.job().epoch) {
                    runSafely(next);
                }
                if (lock.hasQueuedThreads()) {
                    // Let a submit, cancel or stats call in between two deadlines: when deadlines are always due (an
                    // engine that cannot keep up) the thread would otherwise hold the lock until it catches up. A wait
                    // of zero releases the lock and queues for it again behind those already waiting, which a plain
                    // unlock and lock would not (this thread would take it back before they woke).
                    earliestChanged.awaitNanos(0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The first tick of the grid at or after {@code nanos} (the grid is anchored at the clock's 0). */
    long tick(long nanos) {
        return -Math.floorDiv(-nanos, resolution) * resolution;
    }

    private void runSafely(Deadline deadline) {
        try {
            action.due(deadline.job(), deadline.epoch());
        } catch (RuntimeException e) {
            // As with the executor before: one request's failure must not stop every other stream's clock.
        }
    }
}
