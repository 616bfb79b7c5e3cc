package dev.ollamaperf.reports.capacity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one step of a capacity sweep measured, over every model of the step (histograms added).
 *
 * @param scenario       its scenario name, e.g. {@code capacity_c004}
 * @param level          users (concurrency sweep) or arrivals per second (rate sweep)
 * @param seconds        the measurement window
 * @param requests       requests sent
 * @param ok             requests answered whole
 * @param metObjectives  ok requests within the harness's own objectives (goodput), when it had any
 * @param outputTokens   output tokens of the ok requests
 * @param perRequestTps  mean of the per-request {@code eval_count / eval_duration}, tokens/s; 0 if unknown
 * @param latencies      by histogram name ({@code ttft}, {@code e2e}, {@code slot_wait}, {@code queue_wait}...)
 * @param residentBytes  peak {@code /api/ps} size of all models during the step, 0 if not sampled
 * @param valid          the step judged itself VALID
 * @param samples        ok requests per second in each whole bucket of the step's time series (see
 *                       {@link ThroughputSamples}); empty when the run has no series, and then the step's
 *                       throughput has no interval
 */
public record CapacityStep(
        String scenario,
        double level,
        double seconds,
        long requests,
        long ok,
        long metObjectives,
        long outputTokens,
        double perRequestTps,
        Map<String, LatencySummary> latencies,
        long residentBytes,
        boolean valid,
        List<Double> samples) {

    /** A step without a time series (its throughput has no interval). */
    public CapacityStep(
            String scenario,
            double level,
            double seconds,
            long requests,
            long ok,
            long metObjectives,
            long outputTokens,
            double perRequestTps,
            Map<String, LatencySummary> latencies,
            long residentBytes,
            boolean valid) {
        this(
                scenario,
                level,
                seconds,
                requests,
                ok,
                metObjectives,
                outputTokens,
                perRequestTps,
                latencies,
                residentBytes,
                valid,
                List.of());
    }

    public CapacityStep {
        Objects.requireNonNull(scenario, "scenario");
        latencies = Map.copyOf(new TreeMap<>(Objects.requireNonNull(latencies, "latencies")));
        samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
        if (!(level > 0) || !(seconds > 0)) {
            throw new IllegalArgumentException(
                    "step '" + scenario + "' needs level > 0 and seconds > 0, got: " + level + ", " + seconds);
        }
        if (requests < 0 || ok < 0 || ok > requests || metObjectives < 0 || metObjectives > ok) {
            throw new IllegalArgumentException(
                    "step '" + scenario + "' needs 0 <= met_objectives <= ok <= requests, got: " + metObjectives + ", "
                            + ok + ", " + requests);
        }
    }

    /**
     * Ok requests per second over the step's window (first send to last answer). The drain at the
     * end biases it low by up to one request time over the step's length: use steps many request
     * times long (the default 30 s is 100 times a 0.3 s answer).
     */
    public double throughput() {
        return ok / seconds;
    }

    /**
     * The half-width of the 95% interval of {@link #throughput()}, req/s: Student's t over the per-second
     * {@link #samples()} ({@link ThroughputSamples#halfWidth}); NaN when there are fewer than two.
     */
    public double throughputHalfWidth() {
        return ThroughputSamples.halfWidth(samples);
    }

    /**
     * A rate step's served rate: ok requests over its window less the mean service time (mean e2e
     * minus mean slot wait). The window runs from the first send to the last answer: a step that kept
     * up spans its duration plus one answer, one that did not also spans the backlog it built.
     */
    public double servedRate() {
        double service =
                Math.max(0, latency("e2e").mean() - latency("slot_wait").mean()) / 1000;
        double span = seconds - service;
        return span <= 0 ? throughput() : ok / span;
    }

    /** Aggregate output tokens per second. */
    public double outputTokensPerSecond() {
        return outputTokens / seconds;
    }

    /** Failed / sent; 0 without requests. */
    public double errorRatio() {
        return requests == 0 ? 0 : (double) (requests - ok) / requests;
    }

    /** The latency summary of a histogram, {@link LatencySummary#EMPTY} when absent. */
    public LatencySummary latency(String name) {
        return latencies.getOrDefault(name, LatencySummary.EMPTY);
    }
}
