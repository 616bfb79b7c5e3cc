package dev.ollamaperf.reports.metric;

import java.util.Objects;
import java.util.Optional;

/**
 * One measured number: the currency between the sources (JMH, load tests, server) and the
 * consumers (budgets, baseline comparison, renderers, history). Consumers select metrics by
 * {@link #name()} only; they never look at {@link #source()}.
 *
 * @param name stable dotted name, the budget file's vocabulary, e.g. {@code load.steady.llama3.2:latest.ttft.p95};
 *     non-blank, no whitespace
 * @param unit unit of {@code value} and {@code uncertainty}
 * @param direction whether lower or higher is better
 * @param value the measured value, finite
 * @param uncertainty confidence interval of {@code value}, or {@code null} when not known
 * @param samples number of samples behind the value ({@code >= 0}; for a ratio, its denominator)
 * @param statistic what {@code value} is a statistic of; decides how results merge
 * @param histogram the raw distribution the value was computed from, or {@code null}
 * @param source tag of the producer, e.g. {@code jmh}, {@code load}, {@code server}; informational only
 */
public record Metric(
        String name,
        Unit unit,
        Direction direction,
        double value,
        Interval uncertainty,
        long samples,
        Statistic statistic,
        EncodedHistogram histogram,
        String source) {

    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(source, "source");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("metric name must be non-blank without whitespace, got: '" + name + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + name + "' value must be finite, got: " + value);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("metric '" + name + "' samples must be >= 0, got: " + samples);
        }
        if (statistic.kind().fromHistogram()
                && histogram != null
                && !histogram.unit().convertibleTo(unit)) {
            throw new IllegalArgumentException("metric '" + name + "' histogram unit '" + histogram.unit()
                    + "' does not convert to the metric unit '" + unit + "'");
        }
    }

    /** Returns a metric with only the essentials: no interval, no histogram, statistic {@code value}. */
    public static Metric of(String name, Unit unit, Direction direction, double value, String source) {
        return new Metric(name, unit, direction, value, null, 0, Statistic.VALUE, null, source);
    }

    /** Returns the confidence interval when known. */
    public Optional<Interval> interval() {
        return Optional.ofNullable(uncertainty);
    }

    /** Returns the raw distribution when there is one. */
    public Optional<EncodedHistogram> distribution() {
        return Optional.ofNullable(histogram);
    }

    /** Returns the value expressed in another unit of the same dimension. */
    public double valueIn(Unit target) {
        return unit.convert(value, target);
    }

    /** Returns a copy with another value, interval and sample count (for merging). */
    public Metric withValue(double newValue, Interval newUncertainty, long newSamples, EncodedHistogram newHistogram) {
        return new Metric(name, unit, direction, newValue, newUncertainty, newSamples, statistic, newHistogram, source);
    }
}
