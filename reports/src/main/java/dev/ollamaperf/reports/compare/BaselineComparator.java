package dev.ollamaperf.reports.compare;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Statistic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Classifies each metric of a run against a baseline run.
 *
 * <p>The rule. Let {@code b} and {@code c} be the baseline and current values (baseline converted to the
 * current unit), {@code [bL, bH]} and {@code [cL, cH]} their intervals (a side without one is the point
 * itself), {@code t} the metric's relative tolerance and {@code T = t·|b|} the tolerance band. The
 * worsening {@code w} is {@code c - b} for lower-is-better metrics and {@code b - c} for higher-is-better
 * ones; its interval {@code [wL, wH]} subtracts the bounds crosswise ({@code [cL - bH, cH - bL]} for
 * lower-is-better), which is exactly "the intervals do not overlap once the tolerance is applied":
 * <ul>
 *   <li>REGRESSED when {@code wL > T}: worse beyond the tolerance even at the most favourable ends;</li>
 *   <li>IMPROVED when {@code wH < -T};</li>
 *   <li>UNCHANGED when {@code -T <= wL} and {@code wH <= T}: the whole interval lies in the band;</li>
 *   <li>INCONCLUSIVE otherwise, and also when a JMH score lacks an interval on either side while the
 *       point change leaves the band (a single-iteration score is too weak to call), or when the units do
 *       not convert or the directions differ.</li>
 * </ul>
 * Metrics whose statistic is a plain value, a count or a rate without interval (memory bytes from
 * {@code /api/ps}) are treated as exact.
 */
public final class BaselineComparator {

    private final ToDoubleFunction<String> tolerance;

    /**
     * Creates a comparator.
     *
     * @param tolerance relative tolerance per metric name, {@code >= 0} (0.10 = 10%), e.g. from the budget file
     */
    public BaselineComparator(ToDoubleFunction<String> tolerance) {
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    }

    /** Compares {@code current} with {@code baseline}; every metric of either side gets one entry. */
    public Comparison compare(RunResult baseline, RunResult current) {
        List<MetricComparison> out = new ArrayList<>();
        for (Metric c : current.metrics()) {
            double t = tolerance.applyAsDouble(c.name());
            out.add(baseline.metric(c.name())
                    .map(b -> classify(b, c, t))
                    .orElseGet(
                            () -> new MetricComparison(c.name(), Change.NEW, null, c, null, t, "not in the baseline")));
        }
        for (Metric b : baseline.metrics()) {
            if (current.metric(b.name()).isEmpty()) {
                out.add(new MetricComparison(
                        b.name(),
                        Change.MISSING,
                        b,
                        null,
                        null,
                        tolerance.applyAsDouble(b.name()),
                        "in the baseline, not measured now"));
            }
        }
        return new Comparison(baseline.runId(), out);
    }

    /** Classifies one metric present on both sides; {@code t} is the relative tolerance. */
    public static MetricComparison classify(Metric baseline, Metric current, double t) {
        String name = current.name();
        if (!baseline.unit().convertibleTo(current.unit()) || baseline.direction() != current.direction()) {
            return new MetricComparison(
                    name,
                    Change.INCONCLUSIVE,
                    baseline,
                    current,
                    null,
                    t,
                    String.format(
                            Locale.ROOT,
                            "not comparable: baseline in %s (%s), now in %s (%s)",
                            baseline.unit(),
                            baseline.direction(),
                            current.unit(),
                            current.direction()));
        }
        double b = baseline.valueIn(current.unit());
        double c = current.value();
        Interval bi = baseline.interval()
                .map(i -> i.convert(baseline.unit(), current.unit()))
                .orElse(null);
        Interval ci = current.interval().orElse(null);
        double bL = bi == null ? b : bi.low();
        double bH = bi == null ? b : bi.high();
        double cL = ci == null ? c : ci.low();
        double cH = ci == null ? c : ci.high();
        double band = t * Math.abs(b);
        Direction direction = current.direction();
        double wLow = direction == Direction.LOWER_IS_BETTER ? cL - bH : bL - cH;
        double wHigh = direction == Direction.LOWER_IS_BETTER ? cH - bL : bH - cL;
        // A JMH score without interval (a single iteration) says nothing about its noise: never call it a change.
        boolean weak = (bi == null && baseline.statistic().equals(Statistic.SCORE))
                || (ci == null && current.statistic().equals(Statistic.SCORE));
        Change change;
        if (weak && (wLow > band || wHigh < -band)) {
            change = Change.INCONCLUSIVE;
        } else if (wLow > band) {
            change = Change.REGRESSED;
        } else if (wHigh < -band) {
            change = Change.IMPROVED;
        } else if (wLow >= -band && wHigh <= band) {
            change = Change.UNCHANGED;
        } else {
            change = Change.INCONCLUSIVE;
        }
        Interval deltaInterval = bi == null && ci == null
                ? null
                : new Interval(cL - bH, cH - bL, Math.min(confidence(bi), confidence(ci)));
        Delta delta = new Delta(c - b, deltaInterval, b == 0 ? null : (c - b) / Math.abs(b));
        String explanation = "worsening " + Numbers.plain(direction.worsening(b, c)) + " " + current.unit()
                + ", interval [" + Numbers.plain(wLow) + ", " + Numbers.plain(wHigh) + "]"
                + (weak ? " (no interval: weak evidence)" : "") + ", tolerance band ±" + Numbers.plain(band) + " ("
                + Numbers.plain(t * 100) + "% of " + Numbers.plain(b) + ")";
        return new MetricComparison(name, change, baseline, current, delta, t, explanation);
    }

    private static double confidence(Interval interval) {
        return interval == null ? 0.999_999 : interval.confidence();
    }
}
