package dev.ollamaperf.reports.capacity;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetRule;
import dev.ollamaperf.reports.budget.Limit;
import dev.ollamaperf.reports.metric.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency objectives from a budget file: every rule whose selector ends in
 * {@code .<latency>.<p50|p90|p95|p99|max>} (e.g. {@code load.steady.*.ttft.p95}) with an upper limit
 * ({@code <=} or {@code <}) in a time unit becomes {@code <latency>.<statistic> <= limit}.
 */
public final class BudgetObjectives {

    private static final Pattern TAIL = Pattern.compile(".*\\.([a-z0-9_]+)\\.(p50|p90|p95|p99|max)$");

    private BudgetObjectives() {}

    /** The objectives the budget file implies, in file order, without duplicates. */
    public static List<Objective> from(BudgetFile budgets) {
        List<Objective> objectives = new ArrayList<>();
        for (BudgetRule rule : budgets.rules()) {
            Matcher m = TAIL.matcher(rule.selector().pattern());
            if (!m.matches()
                    || !Objective.LATENCIES.contains(m.group(1))
                    || rule.absolute().isEmpty()) {
                continue;
            }
            Limit limit = rule.absolute().get();
            if ((limit.bound() == Limit.Bound.AT_MOST || limit.bound() == Limit.Bound.BELOW)
                    && limit.unit().convertibleTo(Unit.MILLISECONDS)) {
                Objective objective =
                        new Objective(m.group(1), m.group(2), limit.unit().convert(limit.value(), Unit.MILLISECONDS));
                if (!objectives.contains(objective)) {
                    objectives.add(objective);
                }
            }
        }
        return objectives;
    }
}
