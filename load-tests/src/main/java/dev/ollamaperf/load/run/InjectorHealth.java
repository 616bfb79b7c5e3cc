package dev.ollamaperf.load.run;

import dev.ollamaperf.results.HarnessInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The load generator's own JVM over the measured window: collections and their time (every
 * {@link GarbageCollectorMXBean}), and CPU time. A generator that pauses or runs out of CPU delays its requests and
 * its timestamps, and that shows as server latency; so a shared injector (docs/injectors.md) whose collector took
 * more than {@code maxGcShare} of the window calls its part INVALID, with the numbers.
 */
final class InjectorHealth {

    /** One reading of the JVM's counters. */
    private record Reading(long nanos, long gcCount, long gcMillis, long cpuNanos) {}

    private final LongSupplier nanoClock;
    private final AtomicReference<Reading> begin = new AtomicReference<>();

    InjectorHealth() {
        this(System::nanoTime);
    }

    InjectorHealth(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Marks the start of the measured window; only the first call counts. */
    void begin() {
        if (begin.get() == null) {
            begin.compareAndSet(null, read());
        }
    }

    /** The JVM's health from {@link #begin} until now; empty when the window never began. */
    Optional<HarnessInfo.Health> end() {
        Reading first = begin.get();
        if (first == null) {
            return Optional.empty();
        }
        Reading last = read();
        double windowMs = Math.max(1, last.nanos - first.nanos) / 1e6;
        return Optional.of(new HarnessInfo.Health(
                windowMs,
                Math.max(0, last.gcCount - first.gcCount),
                Math.max(0, last.gcMillis - first.gcMillis),
                Math.max(0, last.cpuNanos - first.cpuNanos) / 1e6,
                Runtime.getRuntime().availableProcessors()));
    }

    /** Why this health makes a part INVALID (empty when it does not). */
    static List<String> problems(HarnessInfo.Health health, double maxGcShare) {
        List<String> problems = new ArrayList<>();
        if (health.gcShare() > maxGcShare) {
            problems.add(String.format(
                    Locale.ROOT,
                    "the load generator's JVM collected garbage for %.0f ms (%d collections) of the %.1f s window:"
                            + " %.1f%% > %.1f%% allowed (ollama.perf.maxGcShare, CPU %.0f%% of %d cores); its"
                            + " latencies include its own pauses",
                    health.gcPauseMs(),
                    health.gcCount(),
                    health.windowMs() / 1000,
                    health.gcShare() * 100,
                    maxGcShare * 100,
                    health.cpuShare() * 100,
                    health.cores()));
        }
        return problems;
    }

    private Reading read() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new Reading(nanoClock.getAsLong(), count, millis, cpuNanos());
    }

    /** The JVM's CPU time, where the platform's bean reports it (HotSpot's does); 0 elsewhere. */
    private static long cpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            return Math.max(0, hotspot.getProcessCpuTime());
        }
        return 0;
    }
}
