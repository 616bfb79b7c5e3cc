package dev.ollamaperf.client.metrics;

import dev.ollamaperf.client.error.ErrorKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable view of {@link ClientMetrics} at one moment: everything recorded since the metrics were created.
 *
 * @param models     per model, sorted by name
 * @param queueWait  concurrency-limiter queue wait of every granted permit, nanoseconds
 * @param errors     per model, per kind: count of failed calls (models and kinds sorted)
 * @param cacheTiers per cache tier: hits and misses (tiers sorted)
 * @param nodes      per node of a fleet, by base URL in configuration order; empty with one node
 */
public record MetricsSnapshot(
        Map<String, ModelMetrics> models,
        Distribution queueWait,
        Map<String, Map<ErrorKind, Long>> errors,
        Map<String, TierCount> cacheTiers,
        Map<String, NodeMetrics> nodes) {

    public MetricsSnapshot {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        Objects.requireNonNull(queueWait, "queueWait");
        LinkedHashMap<String, Map<ErrorKind, Long>> e = new LinkedHashMap<>();
        errors.forEach((k, v) -> e.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        errors = Collections.unmodifiableMap(e);
        cacheTiers = Collections.unmodifiableMap(new LinkedHashMap<>(cacheTiers));
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** A snapshot of a client with one node (no per-node metrics). */
    public MetricsSnapshot(
            Map<String, ModelMetrics> models,
            Distribution queueWait,
            Map<String, Map<ErrorKind, Long>> errors,
            Map<String, TierCount> cacheTiers) {
        this(models, queueWait, errors, cacheTiers, Map.of());
    }

    /**
     * Hits and misses of one cache tier.
     *
     * @param hits   lookups answered by the tier
     * @param misses lookups the tier could not answer
     */
    public record TierCount(long hits, long misses) {

        /** hits / (hits + misses), or 0 when there were no lookups. */
        public double hitRatio() {
            long total = hits + misses;
            return total == 0 ? 0.0 : (double) hits / total;
        }
    }

    /** Failed calls of every model and kind. */
    public long totalErrors() {
        return errors.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }
}
