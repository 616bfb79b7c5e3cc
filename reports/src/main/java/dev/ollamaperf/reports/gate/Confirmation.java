package dev.ollamaperf.reports.gate;

import dev.ollamaperf.reports.budget.BudgetChecker;
import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.budget.BudgetResult.Check;
import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Confirms the failed budget checks of a run on reruns of the affected parts, so that one unlucky
 * measurement (a JIT decision that differs between JVM forks, a noisy neighbour) does not fail the gate.
 *
 * <p>The rule, for each check whose outcome is FAIL on the first run, walking the reruns in order: the same
 * check (same rule; for a tolerance, the same baseline entry) is judged on the rerun's metric of the same
 * name. The first rerun that measured the metric and does not fail the check turns the check into WARN,
 * "not confirmed on rerun". When every rerun that measured it fails it too, it stays FAIL, "confirmed on
 * rerun". When no rerun measured it, or a rerun judged itself INVALID, it stays FAIL: a rerun that cannot
 * speak is no evidence against the first measurement. Other outcomes are left alone.
 */
final class Confirmation {

    /** How the message of a check that a rerun did not confirm begins. */
    static final String NOT_CONFIRMED = "not confirmed on rerun";
    /** How the message of a check that every rerun confirmed begins. */
    static final String CONFIRMED = "confirmed on rerun";

    private final BudgetChecker checker;

    Confirmation(BudgetChecker checker) {
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    /**
     * Returns {@code results} with every FAIL confirmed or downgraded by {@code reruns}.
     *
     * @param first the run the results are about
     * @param reruns reruns of parts of {@code first}, in the order they were made; not empty
     * @param comparison {@code first}'s comparison with the baseline, or {@code null}
     */
    List<BudgetResult> apply(
            List<BudgetResult> results,
            RunResult first,
            List<RunResult> reruns,
            BudgetFile budgets,
            Comparison comparison) {
        if (reruns.isEmpty()) {
            throw new IllegalArgumentException(
                    "confirmation of run '" + first.runId() + "' needs at least one rerun, got none");
        }
        List<BudgetResult> out = new ArrayList<>(results.size());
        for (BudgetResult r : results) {
            out.add(r.outcome() == BudgetResult.Outcome.FAIL ? confirm(r, first, reruns, budgets, comparison) : r);
        }
        return out;
    }

    private BudgetResult confirm(
            BudgetResult failed, RunResult first, List<RunResult> reruns, BudgetFile budgets, Comparison comparison) {
        String firstValue = describe(failed, first.metric(failed.metric()).orElseThrow(), comparison);
        List<String> seen = new ArrayList<>();
        for (RunResult rerun : reruns) {
            if (rerun.status() == RunStatus.INVALID) {
                return with(
                        failed,
                        BudgetResult.Outcome.FAIL,
                        "failure stands: rerun '" + rerun.runId() + "' is INVALID ("
                                + String.join("; ", rerun.reasons()) + "); first: " + failed.message());
            }
            Optional<Metric> again = rerun.metric(failed.metric());
            if (again.isEmpty()) {
                continue;
            }
            BudgetResult second = checker.recheck(budgets, failed, again.get(), comparison);
            String value = describe(second, again.get(), comparison);
            if (second.outcome() != BudgetResult.Outcome.FAIL) {
                return with(
                        failed,
                        BudgetResult.Outcome.WARN,
                        NOT_CONFIRMED + " (first: " + firstValue + "; rerun: " + value + ")"
                                + context(failed, comparison) + "; first run: " + failed.message());
            }
            seen.add(value);
        }
        if (seen.isEmpty()) {
            return with(
                    failed,
                    BudgetResult.Outcome.FAIL,
                    "failure stands: no rerun measured this metric; first: " + failed.message());
        }
        return with(
                failed,
                BudgetResult.Outcome.FAIL,
                CONFIRMED + ": first " + firstValue + ", rerun " + String.join(", rerun ", seen)
                        + context(failed, comparison) + "; first run: " + failed.message());
    }

    /** A short account of one measurement: the limit message, or value, change and class against the baseline. */
    private static String describe(BudgetResult result, Metric metric, Comparison comparison) {
        if (result.check() == Check.LIMIT) {
            return result.message();
        }
        String value = Numbers.plain(metric.value(), 4) + " " + metric.unit();
        return comparison
                .metric(metric.name())
                .map(entry -> BaselineComparator.classify(
                        entry.baseline(), metric, result.rule().tolerance()))
                .map(c -> value + " " + c.deltaIfKnown().map(d -> d.describe()).orElse("?") + " " + c.change())
                .orElse(value);
    }

    /** For a tolerance check, the baseline value and the tolerance both measurements were judged against. */
    private static String context(BudgetResult result, Comparison comparison) {
        if (result.check() == Check.LIMIT) {
            return "";
        }
        Optional<MetricComparison> entry = comparison.metric(result.metric());
        return entry.map(e -> ", against baseline " + Numbers.plain(e.baseline().value(), 4) + " "
                        + e.baseline().unit() + " with tolerance "
                        + Numbers.plain(result.rule().tolerance() * 100) + "%")
                .orElse("");
    }

    private static BudgetResult with(BudgetResult r, BudgetResult.Outcome outcome, String message) {
        return new BudgetResult(r.rule(), r.metric(), r.check(), outcome, message);
    }
}
