package dev.ollamaperf.reports.gate;

import dev.ollamaperf.reports.budget.BudgetChecker;
import dev.ollamaperf.reports.budget.BudgetException;
import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a run: compares it with the baseline (tolerances from the budget file), checks the budgets, and
 * reaches a {@link GateVerdict}.
 *
 * <p>FAIL when the run judged itself invalid, or any fail-severity budget result is FAIL (an absolute
 * limit broken, or a regression beyond the rule's tolerance and outside the noise). Regressions of
 * metrics that no tolerance rule selects become warnings, except metrics a rule excludes (peer libraries'
 * rows, reported for comparison only). ERROR when the budget file cannot be applied.
 * Given reruns, a failed budget check counts only when the reruns repeat it ({@link Confirmation}); an
 * invalid run fails whatever the reruns say.
 */
public final class RunJudge {

    /** How the message of a failed budget check that a rerun did not repeat begins (then its outcome is WARN). */
    public static final String NOT_CONFIRMED = Confirmation.NOT_CONFIRMED;
    /** How the message of a failed budget check that every rerun repeated begins. */
    public static final String CONFIRMED = Confirmation.CONFIRMED;

    private final BudgetChecker checker = new BudgetChecker();

    /**
     * Judges {@code run}.
     *
     * @param baseline the baseline run, or {@code null}
     * @param budgets the budget file, or {@code null} (then only validity is checked)
     */
    public Report judge(RunResult run, RunResult baseline, BudgetFile budgets) {
        return judge(run, baseline, budgets, List.of());
    }

    /**
     * Judges {@code run}, then confirms each failed budget check on {@code reruns} (see {@link Confirmation}):
     * a failure that a rerun does not repeat becomes a warning.
     *
     * @param baseline the baseline run, or {@code null}
     * @param budgets the budget file, or {@code null} (then only validity is checked)
     * @param reruns reruns of the parts of {@code run} whose checks failed; empty for no confirmation
     */
    public Report judge(RunResult run, RunResult baseline, BudgetFile budgets, List<RunResult> reruns) {
        Comparison comparison = baseline == null
                ? null
                : new BaselineComparator(budgets == null ? name -> BudgetFile.DEFAULT_TOLERANCE : budgets::toleranceFor)
                        .compare(baseline, run);
        String file = budgets == null ? null : budgets.file().toString();
        List<BudgetResult> results;
        try {
            results = budgets == null ? List.of() : checker.check(budgets, run, comparison);
            if (!reruns.isEmpty() && budgets != null) {
                results = new Confirmation(checker).apply(results, run, reruns, budgets, comparison);
            }
        } catch (BudgetException e) {
            return new Report(run, file, List.of(), comparison, GateVerdict.error(e.getMessage()));
        }
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (run.status() == RunStatus.INVALID) {
            run.reasons().forEach(r -> reasons.add("run invalid: " + r));
        }
        for (BudgetResult r : results) {
            if (r.outcome() == BudgetResult.Outcome.FAIL) {
                reasons.add(r.metric() + ": " + r.message());
            } else if (r.outcome() == BudgetResult.Outcome.WARN) {
                warnings.add(r.metric() + ": " + r.message());
            } else if (r.skip() == BudgetResult.Skip.NOT_MEASURED) {
                // Said aloud: a partial run, or a selector whose part is misspelt.
                warnings.add("budget '" + r.metric() + "' (line " + r.rule().line() + "): " + r.message());
            }
        }
        if (comparison != null) {
            for (MetricComparison c : comparison.regressionsBySize()) {
                boolean budgeted = results.stream()
                        .anyMatch(r -> r.metric().equals(c.name()) && r.check() == BudgetResult.Check.TOLERANCE);
                boolean comparisonOnly = budgets != null && budgets.excludes(c.name());
                if (!budgeted && !comparisonOnly) {
                    warnings.add(c.name() + ": regressed " + c.delta().describe()
                            + " (no tolerance rule; default tolerance " + Numbers.plain(c.tolerance() * 100) + "%)");
                }
            }
            comparison
                    .with(Change.MISSING)
                    .forEach(c -> warnings.add(c.name() + ": missing (in the baseline, not measured now)"));
        }
        GateOutcome outcome = reasons.isEmpty() ? GateOutcome.PASS : GateOutcome.FAIL;
        return new Report(
                run,
                file,
                results,
                comparison,
                new GateVerdict(outcome, reasons, warnings),
                reruns.stream().map(RunResult::runId).toList());
    }
}
