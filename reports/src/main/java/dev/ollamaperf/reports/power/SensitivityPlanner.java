package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetRule;
import dev.ollamaperf.reports.budget.Limit;
import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sizes the gate's scenario length for {@code --sensitivity} (docs/power.md, "Sizing"): for every budgeted load
 * metric of the gate's scenarios that the history holds, the shortest length at which its MDR relative to its
 * typical value is at most the target. With the history's spread {@code sigma_h} at length {@code L_h}, the
 * tolerance {@code t} and the typical value {@code v} (the history's median; for a value of 0, or a metric whose
 * rules have a limit and no tolerance, the limit's size), the noise part of the MDR must fit in
 * {@code (target - t)·|v|}:
 *
 * <pre>L = L_h · (4.48·sigma_h / ((target - t)·|v|))^2</pre>
 *
 * A target at or below the tolerance is never reached (the tolerance alone is a larger change); a metric whose
 * noise does not shrink with the length reaches it at any length or at none.
 */
public final class SensitivityPlanner {

    /** The shortest scenario the gate runs: fewer seconds say little even when the noise is small. */
    public static final Duration FLOOR = Duration.ofSeconds(10);

    /**
     * Plans the length.
     *
     * @param past per metric name its values in comparable history runs ({@code HistorySpread})
     * @param scenarios the gate's scenarios, e.g. {@code steady}
     * @param target the relative regression to detect, in (0, 1]
     * @param cap the longest length per scenario the gate's time budget allows
     */
    public SensitivityPlan plan(
            BudgetFile budgets,
            Map<String, List<PastValue>> past,
            List<String> scenarios,
            double target,
            Duration cap) {
        Objects.requireNonNull(budgets, "budgets");
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("sensitivity target must be in (0, 1], got: " + target);
        }
        List<Sizing> sizings = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String scenario : scenarios) {
            String prefix = "load." + scenario + ".";
            List<String> names = past.keySet().stream()
                    .filter(n -> n.startsWith(prefix))
                    .filter(n -> budgets.rules().stream().anyMatch(r -> r.selects(n)))
                    .toList();
            if (names.isEmpty()) {
                missing.add("load." + scenario + ".*: no budgeted metric of this scenario in the history of this"
                        + " machine; run `scripts/perf gate` " + Spread.MIN_RUNS
                        + " times (without --sensitivity) to measure its noise");
                continue;
            }
            for (String name : names) {
                size(budgets, name, scenario, past.get(name), target, cap)
                        .ifPresentOrElse(sizings::add, () -> missing.add(notEnough(name, past.get(name))));
            }
        }
        return new SensitivityPlan(target, cap, FLOOR, sizings, missing);
    }

    private static String notEnough(String name, List<PastValue> values) {
        long most = values.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        PastValue::duration, java.util.stream.Collectors.counting()))
                .values()
                .stream()
                .max(Long::compare)
                .orElse(0L);
        return name + ": noise unknown, " + most + " comparable run" + (most == 1 ? "" : "s")
                + " of one --duration in the history (" + Spread.MIN_RUNS + " needed); run `scripts/perf gate` "
                + (Spread.MIN_RUNS - most) + " more time" + (Spread.MIN_RUNS - most == 1 ? "" : "s")
                + " with one --duration";
    }

    private static Optional<Sizing> size(
            BudgetFile budgets, String name, String scenario, List<PastValue> values, double target, Duration cap) {
        Unit unit = values.get(0).unit();
        boolean scales = Spread.scalesWithLength(values.get(0).statistic());
        Optional<Spread> spread = scales ? Spread.best(values, unit) : Spread.pooled(values, unit);
        if (spread.isEmpty()) {
            return Optional.empty();
        }
        Spread s = spread.get();
        List<BudgetRule> rules =
                budgets.rules().stream().filter(r -> r.selects(name)).toList();
        double t = rules.stream()
                .map(BudgetRule::tolerance)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(0.0);
        Double limit = rules.stream()
                .map(BudgetRule::limit)
                .filter(Objects::nonNull)
                .map(l -> limitIn(l, unit))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        // A rule with a limit and no tolerance judges the value against the limit, not against its past: the size
        // of a regression that matters to it is a share of the limit. Its value may sit near 0 (the integration's
        // added latency, an error ratio), where a share of the value would ask for microseconds.
        boolean limitOnly = limit != null && rules.stream().allMatch(r -> r.tolerance() == null);
        double base = limitOnly || s.median() == 0 ? (limit == null ? 0 : limit) : Math.abs(s.median());
        String noise = "sd " + Numbers.plain(s.sigma(), 3) + " " + unit.symbol() + " over " + s.runs() + " runs"
                + (scales ? " of " + RunLength.format(s.length()) : "");
        if (base == 0) {
            return Optional.of(new Sizing(
                    name, scenario, null, Double.NaN, "its typical value is 0 and it has no limit: no relative size"));
        }
        double best = t + PowerCalculator.NOISE_FACTOR * s.sigmaAt(cap) / base;
        if (target <= t) {
            return Optional.of(new Sizing(
                    name,
                    scenario,
                    null,
                    best,
                    "its budget's tolerance " + Numbers.plain(t * 100) + "% alone is at least the target"));
        }
        double allowed = (target - t) * base;
        double noisePart = PowerCalculator.NOISE_FACTOR * s.sigma();
        if (noisePart <= allowed && !scales) {
            return Optional.of(new Sizing(name, scenario, FLOOR, best, noise + ", does not shrink with length"));
        }
        if (!scales) {
            return Optional.of(new Sizing(name, scenario, null, best, noise + ", not known to shrink with length"));
        }
        double seconds = s.length().toMillis() / 1000.0 * Math.pow(noisePart / allowed, 2);
        Duration needed = Duration.ofSeconds((long) Math.ceil(seconds));
        if (needed.compareTo(FLOOR) < 0) {
            needed = FLOOR;
        }
        return Optional.of(new Sizing(name, scenario, needed.compareTo(cap) <= 0 ? needed : null, best, noise));
    }

    /** The limit's size in {@code unit}, or {@code null} when it does not convert. */
    private static Double limitIn(Limit limit, Unit unit) {
        if (limit.unit() == null) {
            return Math.abs(limit.value());
        }
        return limit.unit().convertibleTo(unit) ? Math.abs(limit.unit().convert(limit.value(), unit)) : null;
    }
}
