package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.budget.BudgetResult.Skip;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The budget results in the order a person reads them: the checks that were made, failures first, then
 * warnings, then passes (rule order within each), and the skipped ones folded into one group per reason.
 * A first run without a baseline skips every tolerance check; listed one by one they would bury the
 * verdict's failures and push the charts off the page. The machine formats ({@code results.json},
 * {@code junit.xml}) keep every result in rule order instead.
 *
 * @param checked the results that were checked, FAIL, then WARN, then PASS
 * @param skipped one group per skip reason, in the order of {@link Skip}; empty when nothing was skipped
 */
record BudgetDigest(List<BudgetResult> checked, List<SkippedChecks> skipped) {

    private static final List<Outcome> ORDER = List.of(Outcome.FAIL, Outcome.WARN, Outcome.PASS);

    BudgetDigest {
        checked = List.copyOf(checked);
        skipped = List.copyOf(skipped);
        if (checked.stream().anyMatch(r -> r.outcome() == Outcome.SKIPPED)) {
            throw new IllegalArgumentException(
                    "skipped results belong in a SkippedChecks group, not among the checked ones");
        }
    }

    /** Sorts {@code results} (in rule order) into checked and folded skipped ones. */
    static BudgetDigest of(List<BudgetResult> results) {
        List<BudgetResult> checked = new ArrayList<>();
        for (Outcome outcome : ORDER) {
            results.stream().filter(r -> r.outcome() == outcome).forEach(checked::add);
        }
        Map<Skip, List<BudgetResult>> byReason = new EnumMap<>(Skip.class);
        results.stream()
                .filter(r -> r.outcome() == Outcome.SKIPPED)
                .forEach(r -> byReason.computeIfAbsent(r.skip(), k -> new ArrayList<>())
                        .add(r));
        List<SkippedChecks> skipped = new ArrayList<>();
        byReason.forEach((reason, group) -> skipped.add(new SkippedChecks(reason, group)));
        return new BudgetDigest(checked, skipped);
    }
}
