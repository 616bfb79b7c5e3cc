package dev.ollamaperf.reports.history;

import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.util.Objects;

/**
 * One stored value of a metric, with the scenario length of the run that measured it, for the noise estimate
 * of the power-aware gate ({@link HistorySpread}).
 *
 * @param runId the stored run
 * @param duration the run's {@code settings.gate.duration} as written (e.g. {@code 20s}), or empty when the run
 *     was not a gate run
 * @param value the value in {@code unit}
 * @param unit the stored unit
 * @param samples the metric's sample count in that run
 * @param statistic what the value is a statistic of
 */
public record PastValue(String runId, String duration, double value, Unit unit, long samples, Statistic statistic) {

    public PastValue {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(statistic, "statistic");
    }
}
