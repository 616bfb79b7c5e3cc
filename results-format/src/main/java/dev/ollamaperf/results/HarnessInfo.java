package dev.ollamaperf.results;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The root of {@code <run>/load/harness.json}: the load generator's own health beside the results, so a run can
 * tell a slow server from a struggling harness.
 *
 * @param version format version, 1
 * @param heapMaxUsedBytes the harness JVM's peak heap use, sampled every 2 s, >= 0
 * @param heapLimitBytes its maximum heap ({@code Runtime.maxMemory()}), >= 0
 * @param dispatchLagMs per open-model phase that sent requests, how late they left against their schedule
 * @param health the JVM's garbage collection and CPU over the measured window, or {@code null} (absent in the file)
 *     when the run measured none
 */
public record HarnessInfo(
        int version,
        long heapMaxUsedBytes,
        long heapLimitBytes,
        Map<String, DispatchLag> dispatchLagMs,
        // optional: absent reads as null, and null is not written, so a file without it looks exactly as before
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = "absent:health", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        Health health) {

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    public HarnessInfo {
        Checks.version(version, "harness.json");
        Checks.nonNegative(heapMaxUsedBytes, "heap_max_used_bytes");
        Checks.nonNegative(heapLimitBytes, "heap_limit_bytes");
        // phases in the order they ran
        dispatchLagMs = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(dispatchLagMs, "dispatch_lag_ms")));
    }

    /** A file without {@code health}. */
    public HarnessInfo(
            int version, long heapMaxUsedBytes, long heapLimitBytes, Map<String, DispatchLag> dispatchLagMs) {
        this(version, heapMaxUsedBytes, heapLimitBytes, dispatchLagMs, null);
    }

    /**
     * The load generator's JVM over the measured window: enough to tell when it, not the server, was slow.
     *
     * @param windowMs the window's length, > 0
     * @param gcCount collections in the window (every collector's {@code GarbageCollectorMXBean} added), >= 0
     * @param gcPauseMs the time they took, >= 0 (an upper bound of the pauses: concurrent collectors count their
     *     concurrent time too)
     * @param cpuMs the JVM's CPU time in the window, >= 0 (0 where the JVM does not report it)
     * @param cores the processors the JVM may use, >= 1
     */
    public record Health(double windowMs, long gcCount, double gcPauseMs, double cpuMs, int cores) {
        public Health {
            if (!(windowMs > 0) || Double.isInfinite(windowMs)) {
                throw new IllegalArgumentException("'health.window_ms' must be > 0, got: " + windowMs);
            }
            Checks.nonNegative(gcCount, "health.gc_count");
            Checks.nonNegative(gcPauseMs, "health.gc_pause_ms");
            Checks.nonNegative(cpuMs, "health.cpu_ms");
            if (cores < 1) {
                throw new IllegalArgumentException("'health.cores' must be >= 1, got: " + cores);
            }
        }

        /** The share of the window the collector took, 0..1 or a little more (a bound, see {@code gcPauseMs}). */
        public double gcShare() {
            return gcPauseMs / windowMs;
        }

        /** The share of the machine's processors the JVM kept busy over the window, 0..1. */
        public double cpuShare() {
            return cpuMs / (windowMs * cores);
        }
    }

    /**
     * One phase's dispatch lag, in milliseconds.
     *
     * @param p50 median, >= 0
     * @param p99 99th percentile, >= p50
     * @param max largest, >= p99
     * @param count requests measured, > 0
     */
    public record DispatchLag(double p50, double p99, double max, long count) {
        public DispatchLag {
            Checks.nonNegative(p50, "dispatch_lag_ms.p50");
            if (!(p99 >= p50 && max >= p99) || Double.isInfinite(max)) {
                throw new IllegalArgumentException(
                        "'dispatch_lag_ms' must satisfy p50 <= p99 <= max, got: " + p50 + ", " + p99 + ", " + max);
            }
            if (count <= 0) {
                throw new IllegalArgumentException("'dispatch_lag_ms.count' must be > 0, got: " + count);
            }
        }
    }
}
