package dev.ollamaperf.reports.metric;

import dev.ollamaperf.results.IntegrationMetrics;
import dev.ollamaperf.results.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything one run measured, normalized: what the gate, the renderers and the history consume.
 *
 * @param runId identifier of the run, non-blank (e.g. the run folder's name)
 * @param timestamp when the run started
 * @param environment flattened environment description ({@code jvm.version}, {@code git.commit}...), sorted by key
 * @param metrics the metrics, names unique, in a stable order
 * @param status {@link RunStatus#INVALID} if any source flagged itself
 * @param reasons why the run is invalid; empty exactly when {@code status} is VALID
 * @param timeSeries load requests over time by scenario name, for the scenarios whose {@code metrics.json} has a
 *     series (drawn by the HTML report; not metrics, so budgets, baselines and the history do not see them)
 * @param memorySamples the integration JVM's memory over time by scenario name, for the scenarios whose
 *     {@code integration.memory} has samples (drawn by the HTML report, like {@code timeSeries})
 */
public record RunResult(
        String runId,
        Instant timestamp,
        Map<String, String> environment,
        List<Metric> metrics,
        RunStatus status,
        List<String> reasons,
        Map<String, TimeSeries> timeSeries,
        Map<String, List<IntegrationMetrics.Sample>> memorySamples) {

    /** A run without memory samples. */
    public RunResult(
            String runId,
            Instant timestamp,
            Map<String, String> environment,
            List<Metric> metrics,
            RunStatus status,
            List<String> reasons,
            Map<String, TimeSeries> timeSeries) {
        this(runId, timestamp, environment, metrics, status, reasons, timeSeries, Map.of());
    }

    /** A run without time series. */
    public RunResult(
            String runId,
            Instant timestamp,
            Map<String, String> environment,
            List<Metric> metrics,
            RunStatus status,
            List<String> reasons) {
        this(runId, timestamp, environment, metrics, status, reasons, Map.of(), Map.of());
    }

    public RunResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(status, "status");
        if (runId.isBlank()) {
            throw new IllegalArgumentException("run id must not be blank");
        }
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
        metrics = List.copyOf(metrics);
        reasons = List.copyOf(reasons);
        timeSeries = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(timeSeries, "timeSeries")));
        memorySamples =
                Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(memorySamples, "memorySamples")));
        Map<String, Metric> seen = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            if (seen.put(metric.name(), metric) != null) {
                throw new IllegalArgumentException("run '" + runId + "' has two metrics named '" + metric.name() + "'");
            }
        }
        if ((status == RunStatus.INVALID) == reasons.isEmpty()) {
            throw new IllegalArgumentException("run '" + runId + "' status " + status
                    + " must come with reasons exactly when INVALID, got reasons: " + reasons);
        }
    }

    /**
     * This run, INVALID for {@code more} reasons besides its own (e.g. the gate's: a partial run whose target stopped
     * answering); itself when there are none.
     */
    public RunResult invalidatedBy(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(reasons);
        all.addAll(more);
        return new RunResult(runId, timestamp, environment, metrics, RunStatus.INVALID, all, timeSeries, memorySamples);
    }

    /** Returns the metric with this exact name, if present. */
    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
