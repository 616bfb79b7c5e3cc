package dev.ollamaperf.reports.compare;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric compared with its baseline.
 *
 * @param name the metric's name
 * @param change the classification
 * @param baseline the baseline metric, {@code null} when {@link Change#NEW}
 * @param current the current metric, {@code null} when {@link Change#MISSING}
 * @param delta the change, {@code null} when one side is absent or the units do not convert
 * @param tolerance the relative tolerance applied, {@code >= 0} (0.10 = 10%)
 * @param explanation one sentence a person can check against the numbers
 */
public record MetricComparison(
        String name,
        Change change,
        Metric baseline,
        Metric current,
        Delta delta,
        double tolerance,
        String explanation) {

    public MetricComparison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(explanation, "explanation");
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException(
                    "tolerance of '" + name + "' must be finite and >= 0, got: " + tolerance);
        }
        if ((baseline == null) != (change == Change.NEW) || (current == null) != (change == Change.MISSING)) {
            throw new IllegalArgumentException("comparison of '" + name + "' is " + change + " but baseline present="
                    + (baseline != null) + ", current present=" + (current != null));
        }
    }

    /**
     * Returns whether the point estimate alone is worse than the tolerance allows (whatever the noise): for an
     * INCONCLUSIVE entry, tells a possible regression from mere noise around an unchanged value.
     */
    public boolean pointWorseThanTolerance() {
        if (delta == null) {
            return false;
        }
        double worsening = current.direction() == Direction.LOWER_IS_BETTER ? delta.absolute() : -delta.absolute();
        double reference = baseline.valueIn(current.unit());
        return worsening > tolerance * Math.abs(reference);
    }

    /** Returns the change when both sides are present and comparable. */
    public Optional<Delta> deltaIfKnown() {
        return Optional.ofNullable(delta);
    }
}
