package dev.ollamaperf.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class GateTest {

    private static final BudgetFile BUDGETS = new BudgetParser()
            .parse(
                    Path.of("perf-budgets.yaml"),
                    "version: 1\nbudgets:\n  - select: a.ttft.p95\n    limit: <= 100 ms\n    tolerance: 10%\n");

    @Test
    void judge_allBudgetsHold_passesWithExitCode0() {
        Report report = new RunJudge().judge(run(RunStatus.VALID, ttft("a", 90)), null, BUDGETS);

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(report.verdict().exitCode()).isZero();
    }

    @Test
    void judge_limitBroken_failsWithExitCode1() {
        Report report = new RunJudge().judge(run(RunStatus.VALID, ttft("a", 120)), null, BUDGETS);

        assertThat(report.verdict().exitCode()).isEqualTo(1);
        assertThat(report.verdict().reasons()).containsExactly("a.ttft.p95: 120 ms breaks limit <= 100 ms");
    }

    @Test
    void judge_regressionBeyondTolerance_fails() {
        RunResult baseline = run(RunStatus.VALID, ttft("a", 50));
        Report report = new RunJudge().judge(run(RunStatus.VALID, ttft("a", 90)), baseline, BUDGETS);

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.FAIL);
        assertThat(report.verdict().reasons()).singleElement().asString().contains("+80.0%", "REGRESSED");
    }

    @Test
    void judge_invalidRun_failsEvenWithoutBudgets() {
        RunResult invalid = new RunResult(
                "now",
                Instant.EPOCH,
                Map.of(),
                List.of(ttft("a", 1)),
                RunStatus.INVALID,
                List.of("achieved 8 rps of target 10"));

        Report report = new RunJudge().judge(invalid, null, null);

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.FAIL);
        assertThat(report.verdict().reasons()).containsExactly("run invalid: achieved 8 rps of target 10");
    }

    @Test
    void judge_selectorMatchesNothing_errorWithExitCode2() {
        Report report = new RunJudge().judge(run(RunStatus.VALID, ttft("b", 1)), null, BUDGETS);

        assertThat(report.verdict().exitCode()).isEqualTo(2);
        assertThat(report.verdict().reasons())
                .singleElement()
                .asString()
                .startsWith("perf-budgets.yaml:3: no rule applies to run 'now'");
    }

    @Test
    void judge_ruleAboutAPartNotMeasured_warnsNamingTheRuleAndPasses() {
        BudgetFile budgets = new BudgetParser()
                .parse(
                        Path.of("perf-budgets.yaml"),
                        "version: 1\nbudgets:\n"
                                + "  - select: a.ttft.p95\n    limit: <= 100 ms\n  - select: load.arrival.*.ttft.p95\n    limit: <= 1 s\n");

        Report report = new RunJudge().judge(run(RunStatus.VALID, ttft("a", 90)), null, budgets);

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(report.verdict().warnings())
                .containsExactly("budget 'load.arrival.*.ttft.p95' (line 5): the run "
                        + "measured nothing starting with 'load.arrival.'; not checked");
    }

    @Test
    void judge_regressionOfAMetricARuleExcludes_neitherFailsNorWarns() {
        BudgetFile budgets = new BudgetParser()
                .parse(
                        Path.of("perf-budgets.yaml"),
                        "version: 1\nbudgets:\n"
                                + "  - select: \"*.ttft.p95\"\n    exclude: \"peer.*\"\n    tolerance: 10%\n");
        RunResult baseline = run(RunStatus.VALID, ttft("a", 50), ttft("peer", 50));

        Report report = new RunJudge().judge(run(RunStatus.VALID, ttft("a", 50), ttft("peer", 80)), baseline, budgets);

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(report.verdict().warnings())
                .as("a peer's row is reported for comparison, never judged")
                .isEmpty();
    }

    @Test
    void judge_regressionWithoutBudget_warnsButPasses() {
        RunResult baseline = run(RunStatus.VALID, ttft("a", 50), ttft("b", 50));
        Report report = new RunJudge().judge(run(RunStatus.VALID, ttft("a", 50), ttft("b", 80)), baseline, BUDGETS);

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(report.verdict().warnings())
                .containsExactly("b.ttft.p95: regressed +60.0% (no tolerance rule; default tolerance 10%)");
    }

    private static Metric ttft(String prefix, double ms) {
        return new Metric(
                prefix + ".ttft.p95",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                ms,
                null,
                100,
                Statistic.percentile(95),
                null,
                "load");
    }

    private static RunResult run(RunStatus status, Metric... metrics) {
        return new RunResult("now", Instant.EPOCH, Map.of(), List.of(metrics), status, List.of());
    }
}
