package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.budget.BudgetResult.Check;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.budget.BudgetResult.Skip;
import java.util.List;
import java.util.Objects;

/**
 * Budget checks skipped for one reason, folded into one sentence that says how many and what makes them
 * run, e.g. {@code 87 tolerance checks wait for a baseline (this run had none); the next run ...}.
 *
 * @param reason why they were skipped
 * @param checks the skipped results, in rule order; at least one, each skipped for {@code reason}
 */
record SkippedChecks(Skip reason, List<BudgetResult> checks) {

    SkippedChecks {
        Objects.requireNonNull(reason, "reason");
        checks = List.copyOf(checks);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a group of skipped checks needs at least one");
        }
        if (checks.stream().anyMatch(r -> r.outcome() != Outcome.SKIPPED || r.skip() != reason)) {
            throw new IllegalArgumentException("every check of the group must be SKIPPED for " + reason);
        }
    }

    /**
     * Returns the folded line. The "next run" advice holds for the gate's default baseline, the history of
     * earlier runs on this machine, which takes only valid runs that did not fail.
     *
     * @param baselineId the baseline's run id, or {@code null} when the run had none
     */
    String sentence(String baselineId) {
        int n = checks.size();
        boolean one = n == 1;
        boolean tolerances = checks.stream().allMatch(r -> r.check() == Check.TOLERANCE);
        String counted = n + (tolerances ? " tolerance" : "") + (one ? " check waits" : " checks wait");
        return switch (reason) {
            case NO_BASELINE ->
                counted + " for a baseline (this run had none); the next run on this machine compares "
                        + "with this one if this one passes, or give --baseline";
            case NOT_IN_BASELINE ->
                counted + " for a baseline that has " + (one ? "its metric" : "their metrics") + " (new since "
                        + (baselineId == null ? "the baseline" : "'" + baselineId + "'")
                        + "); the next run on this machine compares "
                        + "with this one if this one passes";
            case NOT_MEASURED ->
                n + (one ? " budget rule" : " budget rules") + " about parts this run did not measure (" + rules()
                        + "): not checked; a whole gate run measures them";
            case NOT_WARMED_UP ->
                n + (one ? " limit" : " limits") + " on JMH metrics not checked: the gate's JMH ran in smoke mode"
                        + " (every benchmark once, cold), which measures nothing; a quick or full run checks them";
            case NOT_PRESENT ->
                n + (one ? " optional budget rule" : " optional budget rules") + " found nothing to check (" + rules()
                        + "): the run has no such metrics (e.g. the integration's, in a direct run)";
        };
    }

    /** The rules' selectors (a skipped rule's metric is its selector), each once. */
    private String rules() {
        return String.join(
                ", ", checks.stream().map(BudgetResult::metric).distinct().toList());
    }
}
