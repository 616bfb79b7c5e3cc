package dev.ollamaperf.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark of {@code <run>/jmh/results.json}, JMH's own JSON ({@code -rf json}), as far as the harness
 * reads it. JMH writes the file; the harness only reads it ({@link FormatFiles#readJmh}), so there is no writer.
 *
 * @param benchmark the benchmark's full name, {@code <package>.<Class>.<method>}, non-blank
 * @param mode JMH's mode: {@code avgt}, {@code thrpt}, {@code sample}, {@code ss}; non-blank
 * @param params the {@code @Param} values in the file's order (empty when there are none)
 * @param primaryMetric the benchmark's own score
 * @param secondaryMetrics profiler results by name, e.g. {@code gc.alloc.rate.norm} (B/op, from {@code -prof gc})
 */
public record JmhResult(
        String benchmark,
        String mode,
        Map<String, String> params,
        JmhScore primaryMetric,
        Map<String, JmhScore> secondaryMetrics) {

    /** The secondary metric of {@code -prof gc} that gives bytes allocated per operation. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    public JmhResult {
        Checks.nonBlank(benchmark, "benchmark");
        Checks.nonBlank(mode, "mode");
        // the order of the parameters is part of a metric's name, so it is kept
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
        Objects.requireNonNull(primaryMetric, "primaryMetric");
        secondaryMetrics = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(secondaryMetrics, "secondaryMetrics")));
    }
}
