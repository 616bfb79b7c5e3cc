package dev.ollamaperf.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
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

/**
 * The confirmation rule of {@link RunJudge#judge(RunResult, RunResult, BudgetFile, List)}, on the shape of the
 * measured false alarm: a JMH allocation that read 16 B/op in most forks and 40 B/op in one.
 */
final class ConfirmationTest {

    private static final String ALLOC = "jmh.CacheBenchmark.get_hit[payload=1024,tier=MEMORY].alloc";
    private static final String TTFT = "load.steady.llama3.2:latest.ttft.p95";
    private static final BudgetFile BUDGETS = new BudgetParser()
            .parse(
                    Path.of("perf-budgets.yaml"),
                    String.join(
                            "\n",
                            "version: 1",
                            "budgets:",
                            "  - select: jmh.*alloc",
                            "    tolerance: 10%",
                            "  - select: load.*.ttft.p95",
                            "    limit: <= 1500 ms",
                            ""));
    private static final RunResult BASELINE = run("base", RunStatus.VALID, alloc(16.1), ttft(900));

    private final RunJudge judge = new RunJudge();

    @Test
    void judge_rerunFailsToo_staysFailConfirmedOnRerun() {
        Report report = judge.judge(
                run("first", RunStatus.VALID, alloc(40.0), ttft(900)),
                BASELINE,
                BUDGETS,
                List.of(run("rerun", RunStatus.VALID, alloc(39.0))));

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.FAIL);
        assertThat(result(report, ALLOC).outcome()).isEqualTo(BudgetResult.Outcome.FAIL);
        assertThat(result(report, ALLOC).message())
                .startsWith("confirmed on rerun: first 40 B/op +148.4% REGRESSED, rerun 39 B/op +142.2% REGRESSED, "
                        + "against baseline 16.1 B/op with tolerance 10%; first run: +148.4% vs baseline 'base'");
        assertThat(report.verdict().reasons()).singleElement().asString().startsWith(ALLOC + ": confirmed on rerun");
        assertThat(report.reruns()).containsExactly("rerun");
    }

    @Test
    void judge_rerunPasses_becomesWarnNotConfirmedAndGatePasses() {
        Report report = judge.judge(
                run("first", RunStatus.VALID, alloc(40.0), ttft(900)),
                BASELINE,
                BUDGETS,
                List.of(run("rerun", RunStatus.VALID, alloc(16.0))));

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(report.verdict().exitCode()).isZero();
        assertThat(result(report, ALLOC).outcome()).isEqualTo(BudgetResult.Outcome.WARN);
        assertThat(result(report, ALLOC).message())
                .startsWith(
                        "not confirmed on rerun (first: 40 B/op +148.4% REGRESSED; "
                                + "rerun: 16 B/op -0.6% UNCHANGED), against baseline 16.1 B/op with tolerance 10%; first run: ");
        assertThat(report.verdict().warnings())
                .anyMatch(w -> w.startsWith(ALLOC + ": not confirmed on rerun (first: 40 B/op"));
    }

    @Test
    void judge_rerunLacksTheMetric_staysFail() {
        Report report = judge.judge(
                run("first", RunStatus.VALID, alloc(40.0), ttft(900)),
                BASELINE,
                BUDGETS,
                List.of(run("rerun", RunStatus.VALID, ttft(800))));

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.FAIL);
        assertThat(result(report, ALLOC).message())
                .startsWith("failure stands: no rerun measured this metric; first: +148.4%");
    }

    @Test
    void judge_rerunInvalid_staysFailNamingWhy() {
        RunResult invalid = new RunResult(
                "rerun",
                Instant.EPOCH,
                Map.of(),
                List.of(alloc(16.0)),
                RunStatus.INVALID,
                List.of("achieved 8 rps of target 10"));

        Report report =
                judge.judge(run("first", RunStatus.VALID, alloc(40.0), ttft(900)), BASELINE, BUDGETS, List.of(invalid));

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.FAIL);
        assertThat(result(report, ALLOC).message())
                .startsWith("failure stands: rerun 'rerun' is INVALID (achieved 8 rps of target 10); first: ");
    }

    @Test
    void judge_limitBrokenOnlyOnce_warnsWithBothValues() {
        Report report = judge.judge(
                run("first", RunStatus.VALID, alloc(16.0), ttft(1623)),
                BASELINE,
                BUDGETS,
                List.of(run("rerun", RunStatus.VALID, ttft(1200))));

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(result(report, TTFT).message())
                .isEqualTo("not confirmed on rerun (first: 1623 ms breaks limit <= 1500 ms; "
                        + "rerun: 1200 ms within limit <= 1500 ms); first run: 1623 ms breaks limit <= 1500 ms");
    }

    @Test
    void judge_twoReruns_secondClearsWhatFirstConfirmed() {
        Report report = judge.judge(
                run("first", RunStatus.VALID, alloc(16.0), ttft(1623)),
                BASELINE,
                BUDGETS,
                List.of(run("rerun1", RunStatus.VALID, ttft(1700)), run("rerun2", RunStatus.VALID, ttft(1400))));

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(result(report, TTFT).message())
                .startsWith("not confirmed on rerun (first: 1623 ms breaks limit <= 1500 ms; "
                        + "rerun: 1400 ms within limit <= 1500 ms)");
    }

    @Test
    void judge_invalidFirstRun_failsWhateverTheRerunSays() {
        RunResult invalid = new RunResult(
                "first",
                Instant.EPOCH,
                Map.of(),
                List.of(alloc(16.0), ttft(900)),
                RunStatus.INVALID,
                List.of("responses missing"));

        Report report =
                judge.judge(invalid, BASELINE, BUDGETS, List.of(run("rerun", RunStatus.VALID, alloc(16.0), ttft(900))));

        assertThat(report.verdict().reasons()).containsExactly("run invalid: responses missing");
    }

    @Test
    void judge_passingChecks_untouchedByRerun() {
        Report report = judge.judge(
                run("first", RunStatus.VALID, alloc(16.0), ttft(900)),
                BASELINE,
                BUDGETS,
                List.of(run("rerun", RunStatus.VALID, alloc(90.0), ttft(5000))));

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.PASS);
        assertThat(report.budgets()).allMatch(r -> r.outcome() == BudgetResult.Outcome.PASS);
    }

    private static BudgetResult result(Report report, String metric) {
        return report.budgets().stream()
                .filter(r -> r.metric().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    /** A JMH allocation with the narrow interval one fork gives (±0.5%). */
    private static Metric alloc(double bytes) {
        return new Metric(
                ALLOC,
                Unit.BYTES_PER_OP,
                Direction.LOWER_IS_BETTER,
                bytes,
                new Interval(bytes * 0.995, bytes * 1.005, 0.999),
                5,
                Statistic.SCORE,
                null,
                "jmh");
    }

    private static Metric ttft(double ms) {
        return new Metric(
                TTFT,
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                ms,
                null,
                100,
                Statistic.percentile(95),
                null,
                "load");
    }

    private static RunResult run(String id, RunStatus status, Metric... metrics) {
        return new RunResult(id, Instant.EPOCH, Map.of(), List.of(metrics), status, List.of());
    }
}
