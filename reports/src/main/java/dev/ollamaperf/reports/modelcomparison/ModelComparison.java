package dev.ollamaperf.reports.modelcomparison;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model comparison found: per model its medians with intervals, load and memory; per metric
 * the ranking and the verdict on every pair. Built by {@link ModelComparer}.
 *
 * @param runId the run compared
 * @param scenario the load scenario the models were compared in (normally {@code compare})
 * @param confidence the intervals' nominal confidence, e.g. 0.95
 * @param models one per model, in name order
 * @param rankings one per metric every model has, in {@link ComparedMetric} order
 * @param warnings what weakens the comparison (failed requests, too few samples, an invalid run)
 */
public record ModelComparison(
        String runId,
        String scenario,
        double confidence,
        List<ModelSummary> models,
        List<MetricRanking> rankings,
        List<String> warnings) {

    /** How the intervals and the ranking are made, for reports and models.json. */
    public static final String METHOD = "median with a distribution-free order-statistic interval (exact binomial ranks"
            + " over the HdrHistogram counts, bucket edges outward; inter-token gaps use the request count as sample size);"
            + " ranked by non-overlapping intervals: rank = 1 + models distinguishably better";

    public ModelComparison {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(scenario, "scenario");
        models = List.copyOf(models);
        rankings = List.copyOf(rankings);
        warnings = List.copyOf(warnings);
    }

    /** Returns the ranking of one metric, if every model had it. */
    public Optional<MetricRanking> ranking(ComparedMetric metric) {
        return rankings.stream().filter(r -> r.metric() == metric).findFirst();
    }

    /**
     * One model's side of the comparison.
     *
     * @param model full name, e.g. {@code mistral:7b}
     * @param requests requests sent in the scenario's window
     * @param failed of those, the ones that failed
     * @param estimates the medians with intervals, per metric it has samples for
     * @param loadState {@code loaded_by_run}, {@code already_loaded}, {@code not_measured}, or {@code unknown}
     *     when server.json says nothing
     * @param loadMillis the cold load time the run paid (one observation, no interval), or null
     * @param memoryBytes {@code /api/ps size} at its largest during the run, or null when never seen
     * @param vramBytes {@code /api/ps size_vram}, or null when never seen
     */
    public record ModelSummary(
            String model,
            long requests,
            long failed,
            Map<ComparedMetric, Estimate> estimates,
            String loadState,
            Double loadMillis,
            Long memoryBytes,
            Long vramBytes) {
        public ModelSummary {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(loadState, "loadState");
            EnumMap<ComparedMetric, Estimate> copy = new EnumMap<>(ComparedMetric.class);
            copy.putAll(estimates);
            estimates = Collections.unmodifiableMap(copy);
        }
    }
}
