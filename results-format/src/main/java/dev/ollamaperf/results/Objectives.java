package dev.ollamaperf.results;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The scenario's latency objectives, used to count goodput: a request counts when it succeeded and
 * each of its measured latencies is within its objective.
 *
 * @param maxNs upper bound per histogram name ({@code ttft}, {@code inter_token}, {@code e2e}...), nanoseconds, > 0;
 *     may be empty (then every ok request counts)
 */
public record Objectives(Map<String, Long> maxNs) {

    public Objectives {
        Objects.requireNonNull(maxNs, "objectives.max_ns");
        maxNs = Collections.unmodifiableMap(new TreeMap<>(maxNs));
        maxNs.forEach((name, limit) -> {
            if (!ModelMetrics.LATENCY_HISTOGRAMS.contains(name)) {
                throw new IllegalArgumentException(
                        "'objectives.max_ns' key must be one of " + ModelMetrics.LATENCY_HISTOGRAMS + ", got: " + name);
            }
            if (limit == null || limit <= 0) {
                throw new IllegalArgumentException("'objectives.max_ns." + name + "' must be > 0, got: " + limit);
            }
        });
    }

    /**
     * Returns whether one successful request met every objective. A latency the request did not
     * report (a stream with a single token has no inter-token latency) is not held against it; the
     * caller passes the worst inter-token gap of the request for {@code inter_token}.
     *
     * @param latenciesNs the request's latencies by histogram name, nanoseconds
     */
    public boolean met(Map<String, Long> latenciesNs) {
        for (Map.Entry<String, Long> objective : maxNs.entrySet()) {
            Long measured = latenciesNs.get(objective.getKey());
            if (measured != null && measured > objective.getValue()) {
                return false;
            }
        }
        return true;
    }
}
