package dev.ollamaperf.load.capacity;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Follows a capacity sweep step by step: every request's end-to-end time and outcome (from the
 * Gatling session, on the harness's clock), each step's peak resident memory (from {@link #sample}),
 * the progress line on the console, and the {@link SaturationGuard}'s verdict when a step ends.
 *
 * <p>Implementation notes: virtual users of step k+1 call {@link #enter(int)} as they start; the
 * first of them closes step k (they only start once step k has drained, since steps are chained with
 * {@code andThen}), so closing happens once, under the monitor's lock. {@link #record} is called
 * from many Gatling threads at once and only touches a concurrent histogram and atomics.
 */
public final class SweepMonitor {

    private final List<String> names;
    private final List<Double> levels;
    private final boolean closed;
    private final SaturationGuard guard;
    private final LongSupplier nanoClock;
    private final PrintStream console;
    private final StepRecord[] steps;
    private final List<SaturationGuard.Step> finished = new ArrayList<>();
    private int current = -1;
    private volatile String stopReason;

    /**
     * @param names     the steps' scenario names, in order
     * @param levels    their levels, same length
     * @param closed    a concurrency sweep (closed model)
     * @param guard     decides when to stop
     * @param nanoClock a monotonic clock in nanoseconds
     * @param console   where progress goes
     */
    public SweepMonitor(
            List<String> names,
            List<Double> levels,
            boolean closed,
            SaturationGuard guard,
            LongSupplier nanoClock,
            PrintStream console) {
        this.closed = closed;
        this.names = List.copyOf(names);
        this.levels = List.copyOf(levels);
        if (this.names.size() != this.levels.size()) {
            throw new IllegalArgumentException(
                    "names and levels must have the same length, got: " + names.size() + " and " + levels.size());
        }
        this.guard = Objects.requireNonNull(guard, "guard");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.console = Objects.requireNonNull(console, "console");
        this.steps = new StepRecord[this.names.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new StepRecord();
        }
    }

    /** The harness clock, for stamping a request's send. */
    public long now() {
        return nanoClock.getAsLong();
    }

    /** A user of step {@code index} starts: closes the previous step if this is the first one. */
    public synchronized void enter(int index) {
        if (index <= current) {
            return;
        }
        if (current >= 0) {
            close(current);
        }
        current = index;
        if (stopReason == null) {
            steps[index].start.compareAndSet(0, nanoClock.getAsLong());
            console.printf(
                    Locale.ROOT,
                    "capacity: step %d/%d %s (level %s) starting%n",
                    index + 1,
                    names.size(),
                    names.get(index),
                    plain(levels.get(index)));
        }
    }

    /** True once the guard said stop: later steps must not send. */
    public boolean stopped() {
        return stopReason != null;
    }

    /** Why the sweep stopped early, if it did. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** One request of step {@code index} ended after {@code e2eNanos}, failed or not. */
    public void record(int index, long e2eNanos, boolean failed) {
        StepRecord step = steps[index];
        step.requests.incrementAndGet();
        if (failed) {
            step.failures.incrementAndGet();
        } else {
            step.e2e.recordValue(Math.max(1, Math.min(e2eNanos, 3_600_000_000_000L)));
        }
        step.end.accumulateAndGet(nanoClock.getAsLong(), Math::max);
    }

    /** Notes the server's resident bytes (RAM and VRAM, all models) during the current step. */
    public void sample(long residentBytes, long vramBytes) {
        int index = current;
        if (index >= 0) {
            steps[index].resident.accumulateAndGet(residentBytes, Math::max);
            steps[index].vram.accumulateAndGet(vramBytes, Math::max);
        }
    }

    /** Closes the last step (call once, after the simulation). */
    public synchronized void finish() {
        if (current >= 0 && finished.size() <= current) {
            close(current);
        }
    }

    /** The steps that ran, with their peak resident memory, in order. */
    public synchronized List<StepResult> results() {
        List<StepResult> results = new ArrayList<>();
        for (SaturationGuard.Step step : finished) {
            StepRecord record = steps[names.indexOf(step.name())];
            results.add(new StepResult(step, record.resident.get(), record.vram.get()));
        }
        return results;
    }

    /** True when step {@code index} sent at least one request. */
    public boolean ran(int index) {
        return steps[index].requests.get() > 0;
    }

    /**
     * One step's summary.
     *
     * @param step              what the guard saw
     * @param residentBytes     peak {@code /api/ps} size over all models during the step, 0 if unsampled
     * @param residentVramBytes the same for {@code size_vram}
     */
    public record StepResult(SaturationGuard.Step step, long residentBytes, long residentVramBytes) {}

    private void close(int index) {
        StepRecord record = steps[index];
        if (record.requests.get() == 0) {
            return;
        }
        long start = record.start.get();
        double seconds = Math.max(1e-3, (record.end.get() - start) / 1e9);
        long p50 = record.e2e.getTotalCount() == 0 ? 0 : record.e2e.getValueAtPercentile(50);
        long min = record.e2e.getTotalCount() == 0 ? 0 : record.e2e.getMinValue();
        SaturationGuard.Step step = new SaturationGuard.Step(
                names.get(index),
                levels.get(index),
                record.requests.get(),
                record.failures.get(),
                seconds,
                p50,
                min,
                closed);
        finished.add(step);
        console.printf(
                Locale.ROOT,
                "capacity: step %d/%d %s done: %d requests, %.2f req/s, e2e p50 %.0f ms," + " errors %.1f%%%n",
                index + 1,
                names.size(),
                step.name(),
                step.requests(),
                step.throughput(),
                p50 / 1e6,
                100 * step.errorRatio());
        if (stopReason == null) {
            guard.verdict(finished).ifPresent(reason -> {
                stopReason = reason;
                console.println("capacity: stopping the sweep, " + reason);
            });
        }
    }

    private static String plain(double level) {
        return java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }

    private static final class StepRecord {
        private final ConcurrentHistogram e2e = new ConcurrentHistogram(3_600_000_000_000L, 3);
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong start = new AtomicLong();
        private final AtomicLong end = new AtomicLong();
        private final AtomicLong resident = new AtomicLong();
        private final AtomicLong vram = new AtomicLong();
    }
}
