package dev.ollamaperf.reports.history;

import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Unit;
import java.time.Instant;
import java.util.Objects;

/**
 * One value of a metric in one stored run.
 *
 * @param runId the run
 * @param startedAt when it started
 * @param value the metric's value in {@code unit}
 * @param unit the unit stored with the value
 * @param interval its interval, or {@code null}
 */
public record TrendPoint(String runId, Instant startedAt, double value, Unit unit, Interval interval) {

    public TrendPoint {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(unit, "unit");
    }
}
