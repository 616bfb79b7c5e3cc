package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetRule;
import dev.ollamaperf.reports.budget.Limit;
import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.Dimension;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The minimum detectable regression (MDR) of every budgeted metric of a run (docs/power.md): the worsening that
 * a one-sided test at a {@value #FALSE_ALARM} false-alarm rate flags with {@value #POWER} probability, when the
 * run and its baseline each carry the metric's run-to-run noise {@code sigma}, on top of the budget's tolerance:
 *
 * <pre>MDR = t·|value| + (z(1 - alpha) + z(power))·sqrt(2)·sigma  =  t·|value| + 4.48·sigma</pre>
 */
public final class PowerCalculator {

    /** The one-sided false-alarm rate the MDR is stated at: that of a 98% two-sided interval's edge. */
    public static final double FALSE_ALARM = 0.01;

    /** The probability of flagging a regression of the MDR's size. */
    public static final double POWER = 0.8;

    /** {@code z(0.99)}, the standard-normal quantile of {@code 1 - FALSE_ALARM}. */
    static final double Z_FALSE_ALARM = 2.3263;

    /** {@code z(0.8)}, the standard-normal quantile of {@code POWER}. */
    static final double Z_POWER = 0.8416;

    /** Noise standard deviations in the MDR: both quantiles, times sqrt(2) for two noisy runs. */
    public static final double NOISE_FACTOR = (Z_FALSE_ALARM + Z_POWER) * Math.sqrt(2);

    private final NoiseEstimator noise = new NoiseEstimator();

    /** Returns the MDR for a noise {@code sigma} and a tolerance band {@code band} (both in the metric's unit). */
    public static double mdr(double sigma, double band) {
        return band + NOISE_FACTOR * sigma;
    }

    /**
     * Returns one entry per metric of {@code run} that a rule of {@code budgets} selects, in the run's metric
     * order. A metric's tolerance and limit are those of the first rule that has one.
     *
     * @param past per metric name its values in comparable history runs ({@code HistorySpread}); may be empty
     */
    public List<Detectable> of(BudgetFile budgets, RunResult run, Map<String, List<PastValue>> past) {
        Optional<Duration> length = RunLength.parse(run.environment().getOrDefault("settings.gate.duration", ""));
        List<Detectable> out = new ArrayList<>();
        for (Metric metric : run.metrics()) {
            List<BudgetRule> rules = budgets.rules().stream()
                    .filter(r -> r.selects(metric.name()))
                    .toList();
            if (rules.isEmpty()) {
                continue;
            }
            Double tolerance = rules.stream()
                    .map(BudgetRule::tolerance)
                    .filter(t -> t != null)
                    .findFirst()
                    .orElse(null);
            Limit limit = rules.stream()
                    .map(BudgetRule::limit)
                    .filter(l -> l != null && applies(l, metric))
                    .findFirst()
                    .orElse(null);
            Optional<Noise> n = noise.of(metric, past.getOrDefault(metric.name(), List.of()), length);
            double band = tolerance == null ? 0 : tolerance * Math.abs(metric.value());
            double mdr = n.map(x -> mdr(x.sigma(), band)).orElse(Double.NaN);
            double headroom = limit == null || n.isEmpty()
                    ? Double.NaN
                    : headroom(limit, metric, n.get().sigma());
            out.add(new Detectable(
                    metric.name(),
                    metric.unit(),
                    metric.direction(),
                    metric.value(),
                    n.orElse(null),
                    tolerance,
                    limit,
                    mdr,
                    headroom));
        }
        return out;
    }

    private static boolean applies(Limit limit, Metric metric) {
        if (limit.unit() == null) {
            Dimension d = metric.unit().dimension();
            return d == Dimension.RATIO || d == Dimension.COUNT;
        }
        return metric.unit().convertibleTo(limit.unit());
    }

    /** The distance from the value to the limit, in noise standard deviations, positive on the allowed side. */
    static double headroom(Limit limit, Metric metric, double sigma) {
        Unit unit = limit.unit() != null
                ? limit.unit()
                : metric.unit().dimension() == Dimension.RATIO ? Unit.RATIO : Unit.COUNT;
        double value = metric.valueIn(unit);
        double noise = Math.abs(metric.unit().convert(sigma, unit));
        double distance = switch (limit.bound()) {
            case AT_MOST, BELOW -> limit.value() - value;
            case AT_LEAST, ABOVE -> value - limit.value();
        };
        if (noise == 0) {
            return distance >= 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return distance / noise;
    }
}
