package dev.ollamaperf.reports.gate;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.power.Detectable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the renderers show: the run, its budget results, its comparison with a baseline, the verdict.
 *
 * @param run the (merged) run
 * @param budgetFile the budget file's path as given, or {@code null} when none was used
 * @param budgets the budget results, in rule order
 * @param comparison the comparison with the baseline, or {@code null} when there was none
 * @param verdict the verdict
 * @param reruns the ids of the reruns that confirmed or cleared failed checks ({@code report --confirm}), in
 *     order; empty when none was given
 * @param power the smallest regression the gate detects per budgeted metric (docs/power.md), in the run's metric
 *     order; empty when there were no budgets
 */
public record Report(
        RunResult run,
        String budgetFile,
        List<BudgetResult> budgets,
        Comparison comparison,
        GateVerdict verdict,
        List<String> reruns,
        List<Detectable> power) {

    public Report {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(verdict, "verdict");
        budgets = List.copyOf(budgets);
        reruns = List.copyOf(reruns);
        power = List.copyOf(power);
    }

    /** A report without the power of its checks. */
    public Report(
            RunResult run,
            String budgetFile,
            List<BudgetResult> budgets,
            Comparison comparison,
            GateVerdict verdict,
            List<String> reruns) {
        this(run, budgetFile, budgets, comparison, verdict, reruns, List.of());
    }

    /** Returns this report with {@code power} as the smallest regressions its checks detect. */
    public Report withPower(List<Detectable> power) {
        return new Report(run, budgetFile, budgets, comparison, verdict, reruns, power);
    }

    /** A report of a run judged without reruns. */
    public Report(
            RunResult run, String budgetFile, List<BudgetResult> budgets, Comparison comparison, GateVerdict verdict) {
        this(run, budgetFile, budgets, comparison, verdict, List.of());
    }

    /** Returns the comparison with the baseline, if there was a baseline. */
    public Optional<Comparison> baseline() {
        return Optional.ofNullable(comparison);
    }
}
