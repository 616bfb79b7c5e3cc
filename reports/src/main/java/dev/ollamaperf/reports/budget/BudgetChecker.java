package dev.ollamaperf.reports.budget;

import dev.ollamaperf.reports.budget.BudgetResult.Check;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.budget.BudgetResult.Skip;
import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.metric.Dimension;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a run against a budget file. A rule that selects no metric (its selector matches none, or its
 * excludes leave none), or whose limit's unit does not apply to a selected metric, is a configuration error
 * ({@link BudgetException}), never a pass. Two exceptions for partial runs: an exclude that matches nothing
 * is fine (a few benchmarks picked with {@code --include} need not hold the rows it names), and a rule about
 * a part the run did not measure at all (no metric starts with the selector's part, e.g. {@code load.arrival.}
 * in a folder of the steady scenario alone) is SKIPPED as {@link Skip#NOT_MEASURED}. A file none of whose
 * rules applies to the run is an error: nothing would be checked. A rule marked {@code optional} that selects
 * nothing is SKIPPED as {@link Skip#NOT_PRESENT}: metrics a run lacks by design (the integration's, in a run
 * that did not go through it). In an INVALID run (which fails anyway) a rule that selects nothing is SKIPPED too:
 * its metrics may be missing because the requests failed. An absolute limit on a JMH metric of a gate whose JMH
 * ran in smoke mode is SKIPPED as {@link Skip#NOT_WARMED_UP}: those numbers measure nothing.
 */
public final class BudgetChecker {

    /** Where a gate run records its JMH preset: {@code gate.bench_mode} of environment.json's settings, flattened. */
    public static final String BENCH_MODE = "settings.gate.bench_mode";
    /** The preset that runs every benchmark once, cold, to prove it runs. */
    private static final String SMOKE = "smoke";

    /**
     * Checks every rule on every metric it selects (matched by its selector, not by one of its excludes).
     *
     * @param comparison the comparison with the baseline, or {@code null} when there is no baseline
     *     (tolerance checks are then SKIPPED)
     * @return one result per (rule, metric, check), in rule order then metric order
     */
    public List<BudgetResult> check(BudgetFile budgets, RunResult run, Comparison comparison) {
        List<BudgetResult> results = new ArrayList<>();
        int applied = 0;
        for (BudgetRule rule : budgets.rules()) {
            List<Metric> selected =
                    run.metrics().stream().filter(m -> rule.selects(m.name())).collect(Collectors.toList());
            if (selected.isEmpty()) {
                Optional<BudgetResult> skipped = skippedWithoutMetrics(rule, run);
                if (skipped.isPresent()) {
                    results.add(skipped.get());
                    continue;
                }
            }
            if (selected.isEmpty()) {
                throw new BudgetException(budgets.file(), rule.line(), selectsNothing(rule, run));
            }
            applied++;
            for (Metric metric : selected) {
                rule.absolute()
                        .ifPresent(limit -> results.add(
                                coldJmh(run, metric)
                                        ? BudgetResult.skipped(
                                                rule,
                                                metric.name(),
                                                Check.LIMIT,
                                                Skip.NOT_WARMED_UP,
                                                "JMH ran in smoke mode (once, cold): limit " + limit + " not checked")
                                        : checkLimit(budgets, rule, limit, metric)));
                rule.relative().ifPresent(t -> results.add(checkTolerance(rule, t, metric, comparison)));
            }
        }
        if (applied == 0 && !budgets.rules().isEmpty()) {
            throw new BudgetException(
                    budgets.file(),
                    budgets.rules().get(0).line(),
                    "no rule applies to run '" + run.runId()
                            + "': of its " + run.metrics().size()
                            + " metrics none starts with the part a rule is about ("
                            + String.join(
                                    ", ",
                                    budgets.rules().stream()
                                            .map(r -> "'" + part(r.selector()) + "'")
                                            .distinct()
                                            .toList())
                            + ")");
        }
        return results;
    }

    /**
     * True for a JMH metric of a gate run whose JMH preset was smoke (environment.json's {@code settings}, {@link
     * #BENCH_MODE}): measured once, cold, it holds to no limit.
     */
    private static boolean coldJmh(RunResult run, Metric metric) {
        return metric.name().startsWith("jmh.")
                && SMOKE.equals(run.environment().get(BENCH_MODE));
    }

    /**
     * Why a rule that selects nothing is not checked, when that is no error: it is optional; the run is INVALID (it
     * fails anyway, and may lack a metric because its requests failed: no latency without an answer); or the run
     * measured nothing of the part the rule is about. Empty: the rule should have found metrics (an error).
     */
    private static Optional<BudgetResult> skippedWithoutMetrics(BudgetRule rule, RunResult run) {
        Skip skip;
        String why;
        if (rule.optional()) {
            skip = Skip.NOT_PRESENT;
            why = "the run has no metric it selects (the rule is optional)";
        } else if (run.status() == RunStatus.INVALID) {
            skip = Skip.NOT_MEASURED;
            why = "the run is INVALID and has no metric it selects";
        } else if (!measuredAny(part(rule.selector()), run)) {
            skip = Skip.NOT_MEASURED;
            why = "the run measured nothing starting with '" + part(rule.selector()) + "'";
        } else {
            return Optional.empty();
        }
        return Optional.of(BudgetResult.skipped(
                rule,
                rule.selector().pattern(),
                rule.absolute().isPresent() ? Check.LIMIT : Check.TOLERANCE,
                skip,
                why + "; not checked"));
    }

    /**
     * The part of the run a selector is about: its literal beginning up to the first wildcard, cut after the
     * second dot ({@code load.arrival.} of {@code load.arrival.*.ttft.p95}, {@code jmh.} of {@code jmh.*.alloc}).
     */
    static String part(Selector selector) {
        String pattern = selector.pattern();
        int wildcard = pattern.length();
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '*' || pattern.charAt(i) == '?') {
                wildcard = i;
                break;
            }
        }
        String literal = pattern.substring(0, wildcard);
        int first = literal.indexOf('.');
        int second = first < 0 ? -1 : literal.indexOf('.', first + 1);
        int cut = second >= 0 ? second + 1 : first >= 0 ? first + 1 : literal.length();
        return literal.substring(0, cut);
    }

    private static boolean measuredAny(String part, RunResult run) {
        return run.metrics().stream().anyMatch(m -> m.name().startsWith(part));
    }

    /**
     * Judges {@code result}'s check again, on another measurement of its metric: the same rule, and for a
     * tolerance check the same baseline entry of {@code comparison}. Used to confirm a failure on a rerun.
     *
     * @param result a result of {@link #check} on the first run
     * @param metric the rerun's metric of the same name
     * @param comparison the first run's comparison with the baseline, or {@code null} when there was none
     */
    public BudgetResult recheck(BudgetFile budgets, BudgetResult result, Metric metric, Comparison comparison) {
        if (!metric.name().equals(result.metric())) {
            throw new IllegalArgumentException(
                    "recheck of '" + result.metric() + "' needs a metric of that name, got: '" + metric.name() + "'");
        }
        BudgetRule rule = result.rule();
        return result.check() == Check.LIMIT
                ? checkLimit(budgets, rule, rule.absolute().orElseThrow(), metric)
                : checkTolerance(rule, rule.relative().orElseThrow(), metric, comparison);
    }

    private static BudgetResult checkLimit(BudgetFile budgets, BudgetRule rule, Limit limit, Metric metric) {
        double actual;
        String shown;
        if (limit.unit() == null) {
            Dimension d = metric.unit().dimension();
            if (d != Dimension.RATIO && d != Dimension.COUNT) {
                throw new BudgetException(
                        budgets.file(),
                        rule.line(),
                        "limit '" + limit + "' has no unit, but metric '" + metric.name() + "' is in '" + metric.unit()
                                + "'; write the unit, e.g. '" + limit + " " + metric.unit() + "'");
            }
            actual = metric.valueIn(d == Dimension.RATIO ? Unit.RATIO : Unit.COUNT);
            shown = Numbers.plain(actual);
        } else {
            if (!metric.unit().convertibleTo(limit.unit())) {
                throw new BudgetException(
                        budgets.file(),
                        rule.line(),
                        "limit unit '" + limit.unit() + "' does not apply to metric '"
                                + metric.name() + "' in '" + metric.unit() + "' ("
                                + limit.unit().dimension() + " vs "
                                + metric.unit().dimension() + ")");
            }
            actual = metric.valueIn(limit.unit());
            shown = Numbers.plain(actual) + " " + limit.unit();
        }
        boolean holds = limit.holds(actual);
        String message = shown + (holds ? " within " : " breaks ") + "limit " + limit;
        return new BudgetResult(rule, metric.name(), Check.LIMIT, holds ? Outcome.PASS : broken(rule), message);
    }

    private static BudgetResult checkTolerance(
            BudgetRule rule, double tolerance, Metric metric, Comparison comparison) {
        String allowed = "tolerance " + Numbers.plain(tolerance * 100) + "%";
        if (comparison == null) {
            return BudgetResult.skipped(
                    rule, metric.name(), Check.TOLERANCE, Skip.NO_BASELINE, "no baseline; " + allowed + " not checked");
        }
        Optional<MetricComparison> entry = comparison.metric(metric.name());
        if (entry.isEmpty() || entry.get().change() == Change.NEW) {
            return BudgetResult.skipped(
                    rule,
                    metric.name(),
                    Check.TOLERANCE,
                    Skip.NOT_IN_BASELINE,
                    "not in baseline '" + comparison.baselineRunId() + "'; " + allowed + " not checked");
        }
        // Reclassify with this rule's tolerance: another rule may have given the comparison a different one.
        MetricComparison c = BaselineComparator.classify(entry.get().baseline(), metric, tolerance);
        String change = c.deltaIfKnown().map(d -> d.describe()).orElse("?");
        String message = change + " vs baseline '" + comparison.baselineRunId() + "' (" + allowed + "): " + c.change()
                + "; " + c.explanation();
        Outcome outcome = switch (c.change()) {
            case REGRESSED -> broken(rule);
            // Noise around an acceptable value passes; a worse point estimate that the noise cannot confirm warns.
            case INCONCLUSIVE -> c.pointWorseThanTolerance() ? Outcome.WARN : Outcome.PASS;
            default -> Outcome.PASS;
        };
        return new BudgetResult(rule, metric.name(), Check.TOLERANCE, outcome, message);
    }

    private static Outcome broken(BudgetRule rule) {
        return rule.severity() == Severity.FAIL ? Outcome.FAIL : Outcome.WARN;
    }

    private static String selectsNothing(BudgetRule rule, RunResult run) {
        long matched = run.metrics().stream()
                .filter(m -> rule.selector().matches(m.name()))
                .count();
        if (matched > 0) {
            return "selector '" + rule.selector() + "' matches " + matched + " metric" + (matched == 1 ? "" : "s")
                    + " of run '"
                    + run.runId() + "', but 'exclude' "
                    + rule.excludes().stream().map(e -> "'" + e + "'").toList()
                    + " leaves none of them; narrow the exclude or remove the rule";
        }
        return "selector '" + rule.selector() + "' matches no metric of run '" + run.runId() + "'"
                + hint(rule.selector(), run);
    }

    private static String hint(Selector selector, RunResult run) {
        String pattern = selector.pattern();
        int dot = pattern.indexOf('.');
        String prefix = dot < 0 ? pattern : pattern.substring(0, dot + 1);
        List<String> near = run.metrics().stream()
                .map(Metric::name)
                .filter(n -> n.startsWith(prefix))
                .limit(5)
                .collect(Collectors.toList());
        return near.isEmpty()
                ? "; the run has " + run.metrics().size() + " metrics, none starting with '" + prefix + "'"
                : "; some names starting with '" + prefix + "': " + String.join(", ", near);
    }
}
