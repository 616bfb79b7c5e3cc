package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.budget.Limit;
import dev.ollamaperf.reports.metric.Dimension;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.Unit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The smallest regression of one budgeted metric that the gate detects at the run's length (docs/power.md).
 *
 * @param metric the metric's name
 * @param unit its unit
 * @param direction which way is better: a regression is a rise of a lower-is-better metric, a fall of a
 *     higher-is-better one
 * @param value its value in this run
 * @param noise its run-to-run noise, or {@code null} when unknown (no history, no interval)
 * @param tolerance the budget's relative tolerance, or {@code null} when only a limit applies
 * @param limit the budget's absolute limit, or {@code null} when only a tolerance applies
 * @param mdr the minimum detectable regression in {@code unit}, as a size (a rise or a fall as {@code direction} says) ({@link PowerCalculator#mdr}); {@code NaN} when
 *     the noise is unknown
 * @param headroom for a limit: the distance from the value to the limit in noise standard deviations (positive
 *     inside the limit, infinite for an exact metric); {@code NaN} without a limit or a known noise
 */
public record Detectable(
        String metric,
        Unit unit,
        Direction direction,
        double value,
        Noise noise,
        Double tolerance,
        Limit limit,
        double mdr,
        double headroom) {

    public Detectable {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
    }

    /** Returns the sign of a worsening: {@code +} for lower-is-better metrics, {@code -} for higher-is-better ones. */
    public String worse() {
        return direction == Direction.HIGHER_IS_BETTER ? "-" : "+";
    }

    /** Returns the noise, if known. */
    public Optional<Noise> knownNoise() {
        return Optional.ofNullable(noise);
    }

    /** Returns the MDR relative to the value ({@code 0.12} = 12%); {@code NaN} when unknown or the value is 0. */
    public double relative() {
        return value == 0 ? Double.NaN : mdr / Math.abs(value);
    }

    /**
     * Returns the line every output prints, e.g. {@code load.steady.m.added.ttft.p50 +6.1 ms (+12%; history, 12 runs;
     * 4.2 sd inside limit <= 50 ms)}, {@code -2.2 tokens/s} for a higher-is-better metric, or {@code ... unknown (...)}.
     */
    public String describe() {
        if (noise == null) {
            return metric + " unknown (no history of comparable runs and no interval in this run)";
        }
        Unit shown = readableUnit();
        StringBuilder s = new StringBuilder(metric)
                .append(' ')
                .append(worse())
                .append(Numbers.plain(unit.convert(mdr, shown), 3))
                .append(' ')
                .append(shown.symbol());
        s.append(" (");
        // A percentage only where the value is larger than the MDR: beside a value near 0 (an added latency of a
        // few ms, an error ratio) it reads +5761%, which says nothing a reader can use.
        if (relative() <= 1) {
            s.append(worse())
                    .append(String.format(Locale.ROOT, "%.0f", relative() * 100))
                    .append("%; ");
        }
        s.append(noise.describe());
        if (!Double.isNaN(headroom)) {
            s.append("; ").append(headroomText());
        }
        return s.append(')').toString();
    }

    /** The dimensions whose larger units read better than long numbers: {@code +30 KB/op}, not {@code +30600 B/op}. */
    private static final Set<Dimension> SCALABLE =
            EnumSet.of(Dimension.TIME, Dimension.TIME_PER_OP, Dimension.BYTES, Dimension.BYTES_PER_OP);

    /**
     * Returns the largest unit of the same dimension, no smaller than the metric's own, in which the MDR is still
     * at least 1: a sub-millisecond MDR stays in ms beside a budget in ms.
     */
    Unit readableUnit() {
        Unit best = unit;
        if (!SCALABLE.contains(unit.dimension()) || Double.isNaN(mdr) || mdr == 0) {
            return best;
        }
        for (Unit candidate : Unit.values()) {
            boolean larger = candidate.convertibleTo(unit) && unit.convert(1, candidate) < 1;
            if (larger
                    && Math.abs(unit.convert(mdr, candidate)) >= 1
                    && unit.convert(1, candidate) < unit.convert(1, best)) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Returns the limit headroom in words, e.g. {@code 4.2 sd inside limit <= 50 ms}; empty without a limit or a
     * known noise.
     */
    public String headroomText() {
        if (Double.isNaN(headroom)) {
            return "";
        }
        if (Double.isInfinite(headroom)) {
            return (headroom > 0 ? "within" : "beyond") + " limit " + limit + ", exact";
        }
        return Numbers.plain(Math.abs(headroom), 2) + " sd " + (headroom >= 0 ? "inside" : "beyond") + " limit "
                + limit;
    }
}
