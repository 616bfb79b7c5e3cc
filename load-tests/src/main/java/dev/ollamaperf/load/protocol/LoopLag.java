package dev.ollamaperf.load.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How late the harness's stream event loops run a task planned for a given time: the time a line waits, once its
 * bytes are readable, before the loop gets to stamp it. It grows when the loops have more lines than they can handle,
 * when the JVM pauses (GC, safepoints) and when the machine's CPUs are saturated, which are the ways the harness gets
 * past its own capacity; a run judges each phase by it ({@code ollama.perf.maxLoopLag}).
 *
 * <p>Implementation notes: every loop runs a probe every {@link #PERIOD_NANOS}; each run records how late it started
 * and plans the next one a period later. A stall of the loop delays one probe by the whole stall, so the probes the
 * stall swallowed are counted too, one per period, as HdrHistogram's {@link Recorder#recordValueWithExpectedInterval}
 * corrects coordinated omission. Counters that only grow ({@link #counts()}) let each phase take the difference
 * between its start and its end, so the warm-up's stalls (class loading on the loops) stay out of the phases.
 */
public final class LoopLag {

    /** How often each loop is probed. */
    static final long PERIOD_NANOS = 5_000_000L;

    private static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private final LongSupplier nanoClock;
    private final long lateNanos;
    private final Recorder lag = new Recorder(HIGHEST_NANOS, 3);
    private final LongAdder probes = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();

    private LoopLag(LongSupplier nanoClock, long lateNanos) {
        this.nanoClock = nanoClock;
        this.lateNanos = lateNanos;
    }

    /**
     * Starts probing every loop of {@code loops}; the probes end with the loops.
     *
     * @param lateNanos a probe later than this counts as late ({@link Counts#late()})
     */
    public static LoopLag probe(EventLoopGroup loops, long lateNanos, LongSupplier nanoClock) {
        LoopLag probe = new LoopLag(nanoClock, lateNanos);
        for (EventExecutor loop : loops) {
            probe.plan(loop, nanoClock.getAsLong() + PERIOD_NANOS);
        }
        return probe;
    }

    private void plan(EventExecutor loop, long plannedNanos) {
        if (loop.isShuttingDown()) {
            return;
        }
        loop.schedule(
                () -> {
                    long now = nanoClock.getAsLong();
                    record(Math.min(HIGHEST_NANOS, Math.max(0, now - plannedNanos)));
                    plan(loop, now + PERIOD_NANOS);
                },
                Math.max(0, plannedNanos - nanoClock.getAsLong()),
                TimeUnit.NANOSECONDS);
    }

    private void record(long nanos) {
        lag.recordValueWithExpectedInterval(nanos, PERIOD_NANOS);
        maxNanos.accumulateAndGet(nanos, Math::max);
        // the probe, and the ones a stall swallowed, as recordValueWithExpectedInterval counts them
        for (long value = nanos; value == nanos || value >= PERIOD_NANOS; value -= PERIOD_NANOS) {
            probes.increment();
            if (value > lateNanos) {
                late.increment();
            }
        }
    }

    /** The lag recorded since the last call, in nanoseconds. */
    public Histogram snapshot() {
        return lag.getIntervalHistogram();
    }

    /** The probes so far. */
    public Counts counts() {
        return new Counts(probes.sum(), late.sum(), maxNanos.get());
    }

    /**
     * Probe counts.
     *
     * @param probes   probe runs (and the runs a stall swallowed)
     * @param late     of those, the ones later than the threshold
     * @param maxNanos the latest probe of the whole run
     */
    public record Counts(long probes, long late, long maxNanos) {

        /** The probes since {@code earlier} (the latest stays the run's). */
        public Counts since(Counts earlier) {
            return new Counts(probes - earlier.probes, late - earlier.late, maxNanos);
        }

        /** True when more than 1% of the probes were late: the loops' p99 lag is above the threshold. */
        public boolean p99Late() {
            return late * 100 > probes;
        }
    }
}
