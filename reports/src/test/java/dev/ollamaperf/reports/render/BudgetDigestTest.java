package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.budget.BudgetResult.Check;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.budget.BudgetResult.Skip;
import dev.ollamaperf.reports.budget.BudgetRule;
import dev.ollamaperf.reports.budget.Limit;
import dev.ollamaperf.reports.budget.Selector;
import dev.ollamaperf.reports.budget.Severity;
import dev.ollamaperf.reports.metric.Unit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class BudgetDigestTest {

    private static final BudgetRule RULE = new BudgetRule(
            new Selector("m.*"),
            List.of(),
            new Limit(Limit.Bound.AT_MOST, 1, Unit.MILLISECONDS),
            0.1,
            Severity.FAIL,
            "",
            3);

    @Test
    void of_resultsInRuleOrder_failuresThenWarningsThenPassesInRuleOrderWithin() {
        List<BudgetResult> results = List.of(
                checked("m.1", Outcome.PASS),
                skipped("m.2", Skip.NO_BASELINE),
                checked("m.3", Outcome.WARN),
                checked("m.4", Outcome.FAIL),
                checked("m.5", Outcome.PASS),
                checked("m.6", Outcome.FAIL),
                checked("m.7", Outcome.WARN));

        BudgetDigest digest = BudgetDigest.of(results);

        assertThat(digest.checked())
                .extracting(BudgetResult::metric)
                .containsExactly("m.4", "m.6", "m.3", "m.7", "m.1", "m.5");
    }

    @Test
    void of_skippedForTwoReasons_oneGroupPerReasonInRuleOrder() {
        List<BudgetResult> results = List.of(
                skipped("m.1", Skip.NOT_IN_BASELINE),
                checked("m.2", Outcome.PASS),
                skipped("m.3", Skip.NO_BASELINE),
                skipped("m.4", Skip.NOT_IN_BASELINE));

        BudgetDigest digest = BudgetDigest.of(results);

        assertThat(digest.checked()).extracting(BudgetResult::metric).containsExactly("m.2");
        assertThat(digest.skipped())
                .extracting(SkippedChecks::reason)
                .containsExactly(Skip.NO_BASELINE, Skip.NOT_IN_BASELINE);
        assertThat(digest.skipped().get(1).checks())
                .extracting(BudgetResult::metric)
                .containsExactly("m.1", "m.4");
    }

    @Test
    void sentence_manyWithoutBaseline_countsThemAndSaysWhatMakesThemRun() {
        List<BudgetResult> checks = new ArrayList<>();
        for (int i = 0; i < 87; i++) {
            checks.add(skipped("m." + i, Skip.NO_BASELINE));
        }

        assertThat(new SkippedChecks(Skip.NO_BASELINE, checks).sentence(null))
                .isEqualTo("87 tolerance checks wait for a baseline (this run had none); the next run on this machine "
                        + "compares with this one if this one passes, or give --baseline");
    }

    @Test
    void sentence_limitsNotWarmedUp_saySmokeModeMeasuresNothingAndWhatChecksThem() {
        SkippedChecks group = new SkippedChecks(
                Skip.NOT_WARMED_UP,
                List.of(skipped("jmh.a.alloc", Skip.NOT_WARMED_UP), skipped("jmh.b.alloc", Skip.NOT_WARMED_UP)));

        assertThat(group.sentence(null))
                .isEqualTo("2 limits on JMH metrics not checked: the gate's JMH ran in smoke mode (every benchmark"
                        + " once, cold), which measures nothing; a quick or full run checks them");
    }

    @Test
    void sentence_oneNewSinceBaseline_singularNamingTheBaseline() {
        SkippedChecks group = new SkippedChecks(Skip.NOT_IN_BASELINE, List.of(skipped("m.1", Skip.NOT_IN_BASELINE)));

        assertThat(group.sentence("run-07"))
                .isEqualTo(
                        "1 tolerance check waits for a baseline that has its metric "
                                + "(new since 'run-07'); the next run on this machine compares with this one if this one passes");
    }

    @Test
    void sentence_rulesAboutPartsNotMeasured_namesTheirSelectors() {
        SkippedChecks group = new SkippedChecks(
                Skip.NOT_MEASURED,
                List.of(
                        skipped("load.arrival.*.ttft.p95", Skip.NOT_MEASURED),
                        skipped("load.arrival.errors.ratio", Skip.NOT_MEASURED)));

        assertThat(group.sentence(null))
                .isEqualTo(
                        "2 budget rules about parts this run did not measure "
                                + "(load.arrival.*.ttft.p95, load.arrival.errors.ratio): not checked; a whole gate run measures them");
    }

    @Test
    void new_groupWithAnotherReasonsCheck_isRejected() {
        List<BudgetResult> mixed = List.of(skipped("m.1", Skip.NO_BASELINE), skipped("m.2", Skip.NOT_IN_BASELINE));

        assertThatThrownBy(() -> new SkippedChecks(Skip.NO_BASELINE, mixed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void new_skippedResultWithoutReason_isRejected() {
        assertThatThrownBy(() -> new BudgetResult(RULE, "m.1", Check.TOLERANCE, Outcome.SKIPPED, "no baseline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a skip reason");
    }

    private static BudgetResult checked(String metric, Outcome outcome) {
        return new BudgetResult(RULE, metric, Check.LIMIT, outcome, "measured");
    }

    private static BudgetResult skipped(String metric, Skip reason) {
        return BudgetResult.skipped(RULE, metric, Check.TOLERANCE, reason, "not checked");
    }
}
