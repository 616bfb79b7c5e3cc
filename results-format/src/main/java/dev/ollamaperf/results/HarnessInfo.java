package dev.ollamaperf.results;

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
 */
public record HarnessInfo(
        int version, long heapMaxUsedBytes, long heapLimitBytes, Map<String, DispatchLag> dispatchLagMs) {

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
