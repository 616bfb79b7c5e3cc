package dev.ollamaperf.reports.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ollamaperf.reports.budget.BudgetResult.Check;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Comparison;
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

final class BudgetCheckerTest {

    private static final Path FILE = Path.of("perf-budgets.yaml");

    @Test
    void check_limitInOtherUnit_convertedBeforeComparing() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    limit: <= 1.5 s\n");

        List<BudgetResult> results = new BudgetChecker().check(budgets, run(ttft(1623.4)), null);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(r.message()).isEqualTo("1.6234 s breaks limit <= 1.5 s");
        });
    }

    @Test
    void check_warnSeverityBroken_isWarn() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    limit: <= 1000 ms\n    severity: warn\n");

        assertThat(new BudgetChecker().check(budgets, run(ttft(1623.4)), null))
                .extracting(BudgetResult::outcome)
                .containsExactly(Outcome.WARN);
    }

    @Test
    void check_withinLimit_passes() {
        BudgetFile budgets = parse("  - select: load.s.*.p95\n    limit: <= 2000 ms\n");

        assertThat(new BudgetChecker().check(budgets, run(ttft(1623.4)), null))
                .extracting(BudgetResult::outcome)
                .containsExactly(Outcome.PASS);
    }

    @Test
    void check_selectorMatchingNothingInAMeasuredPart_failsNamingFileLineAndNearNames() {
        BudgetFile budgets = parse(
                "  - select: load.s.m.ttft.p95\n    limit: <= 1 s\n  - select: load.s.*.ttft.p99\n    limit: <= 1 s\n");

        assertThatThrownBy(() -> new BudgetChecker().check(budgets, run(ttft(1)), null))
                .isInstanceOf(BudgetException.class)
                .hasMessageStartingWith(
                        "perf-budgets.yaml:5: selector 'load.s.*.ttft.p99' matches no metric of run 'now'")
                .hasMessageContaining("load.s.m.ttft.p95");
    }

    @Test
    void check_invalidRunLackingASelectedMetric_isSkippedInsteadOfAConfigurationError() {
        BudgetFile budgets = parse(
                "  - select: load.s.m.ttft.p95\n    limit: <= 1 s\n  - select: load.s.*.ttft.p99\n    limit: <= 1 s\n");
        RunResult invalid = new RunResult(
                "now", Instant.EPOCH, Map.of(), List.of(ttft(1)), RunStatus.INVALID, List.of("no request succeeded"));

        List<BudgetResult> results = new BudgetChecker().check(budgets, invalid, null);

        assertThat(results).extracting(BudgetResult::outcome).containsExactly(Outcome.PASS, Outcome.SKIPPED);
        assertThat(results.get(1).message()).contains("INVALID");
    }

    @Test
    void check_optionalRuleMatchingNothing_isSkippedSilentlyAndAnOptionalRuleThatMatchesIsChecked() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    limit: <= 1 s\n    optional: true\n"
                + "  - select: load.*.added.ttft.p50\n    limit: <= 50 ms\n    optional: true\n");

        List<BudgetResult> results = new BudgetChecker().check(budgets, run(ttft(1623.4)), null);

        assertThat(results).extracting(BudgetResult::outcome).containsExactly(Outcome.FAIL, Outcome.SKIPPED);
        assertThat(results.get(1).skip()).isEqualTo(BudgetResult.Skip.NOT_PRESENT);
        assertThat(results.get(1).metric()).isEqualTo("load.*.added.ttft.p50");
    }

    @Test
    void parse_optionalNotABoolean_failsNamingTheLine() {
        assertThatThrownBy(() -> parse("  - select: load.s.m.ttft.p95\n    limit: <= 1 s\n    optional: maybe\n"))
                .isInstanceOf(BudgetException.class)
                .hasMessage("perf-budgets.yaml:5: 'optional' must be true or false, got: 'maybe'");
    }

    @Test
    void check_ruleAboutAPartTheRunDidNotMeasure_isSkippedAsNotMeasured() {
        BudgetFile budgets =
                parse("  - select: load.s.m.ttft.p95\n    limit: <= 1 s\n  - select: load.arrival.*.ttft.p95\n"
                        + "    limit: <= 1 s\n");

        List<BudgetResult> results = new BudgetChecker().check(budgets, run(ttft(1)), null);

        assertThat(results).extracting(BudgetResult::outcome).containsExactly(Outcome.PASS, Outcome.SKIPPED);
        assertThat(results.get(1).skip()).isEqualTo(BudgetResult.Skip.NOT_MEASURED);
        assertThat(results.get(1).metric()).isEqualTo("load.arrival.*.ttft.p95");
        assertThat(results.get(1).message())
                .isEqualTo("the run measured nothing starting with 'load.arrival.'; not checked");
    }

    @Test
    void check_noRuleAppliesToTheRun_failsNamingTheParts() {
        BudgetFile budgets =
                parse("  - select: load.arrival.*.ttft.p95\n    limit: <= 1 s\n  - select: \"jmh.*.alloc\"\n"
                        + "    tolerance: 10%\n");

        assertThatThrownBy(() -> new BudgetChecker().check(budgets, run(ttft(1)), null))
                .isInstanceOf(BudgetException.class)
                .hasMessageContaining(
                        "no rule applies to run 'now': of its 1 metrics none starts with the part a rule is about "
                                + "('load.arrival.', 'jmh.')");
    }

    @Test
    void part_literalBeginningCutAfterTheSecondDot() {
        assertThat(BudgetChecker.part(new Selector("load.arrival.*.ttft.p95"))).isEqualTo("load.arrival.");
        assertThat(BudgetChecker.part(new Selector("load.steady.errors.ratio"))).isEqualTo("load.steady.");
        assertThat(BudgetChecker.part(new Selector("jmh.*.alloc"))).isEqualTo("jmh.");
        assertThat(BudgetChecker.part(new Selector("jmh.CacheBenchmark.get_hit*")))
                .isEqualTo("jmh.CacheBenchmark.");
        assertThat(BudgetChecker.part(new Selector("server*"))).isEqualTo("server");
    }

    @Test
    void check_limitUnitOfOtherDimension_failsNamingBoth() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    limit: <= 2048 B/op\n");

        assertThatThrownBy(() -> new BudgetChecker().check(budgets, run(ttft(1)), null))
                .hasMessageStartingWith(
                        "perf-budgets.yaml:3: limit unit 'B/op' does not apply to metric 'load.s.m.ttft.p95' in 'ms'");
    }

    @Test
    void check_bareNumberOnLatency_failsAskingForUnit() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    limit: <= 0.01\n");

        assertThatThrownBy(() -> new BudgetChecker().check(budgets, run(ttft(1)), null))
                .hasMessageContaining("has no unit, but metric 'load.s.m.ttft.p95' is in 'ms'");
    }

    @Test
    void check_percentLimitOnRatio_converted() {
        BudgetFile budgets = parse("  - select: load.s.goodput.ratio\n    limit: '>= 95 %'\n");
        Metric goodput = new Metric(
                "load.s.goodput.ratio",
                Unit.RATIO,
                Direction.HIGHER_IS_BETTER,
                0.97,
                null,
                100,
                Statistic.RATIO,
                null,
                "load");

        assertThat(new BudgetChecker().check(budgets, run(goodput), null))
                .extracting(BudgetResult::outcome)
                .containsExactly(Outcome.PASS);
    }

    @Test
    void check_toleranceWithoutBaseline_skipped() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");

        assertThat(new BudgetChecker().check(budgets, run(ttft(100)), null))
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED));
    }

    @Test
    void check_toleranceClearRegression_failsWithRelativeChange() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");
        RunResult baseline =
                new RunResult("base", Instant.EPOCH, Map.of(), List.of(ttft(100)), RunStatus.VALID, List.of());
        RunResult current = run(ttft(150));
        Comparison comparison = new BaselineComparator(budgets::toleranceFor).compare(baseline, current);

        BudgetResult result =
                new BudgetChecker().check(budgets, current, comparison).get(0);

        assertThat(result.check()).isEqualTo(Check.TOLERANCE);
        assertThat(result.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(result.message()).startsWith("+50.0% vs baseline 'base' (tolerance 10%): REGRESSED");
    }

    @Test
    void check_toleranceInsideNoise_warnsInconclusive() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");
        Metric noisyBase = ttft(100).withValue(100, new Interval(60, 140, 0.99), 100, null);
        Metric noisyNow = ttft(150).withValue(150, new Interval(110, 190, 0.99), 100, null);
        RunResult baseline =
                new RunResult("base", Instant.EPOCH, Map.of(), List.of(noisyBase), RunStatus.VALID, List.of());
        Comparison comparison = new BaselineComparator(budgets::toleranceFor).compare(baseline, run(noisyNow));

        assertThat(new BudgetChecker().check(budgets, run(noisyNow), comparison))
                .extracting(BudgetResult::outcome)
                .containsExactly(Outcome.WARN);
    }

    @Test
    void check_toleranceNoisyButPointWithinTolerance_passes() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");
        Metric noisyBase = ttft(100).withValue(100, new Interval(60, 140, 0.99), 100, null);
        Metric noisyNow = ttft(103).withValue(103, new Interval(63, 143, 0.99), 100, null);
        RunResult baseline =
                new RunResult("base", Instant.EPOCH, Map.of(), List.of(noisyBase), RunStatus.VALID, List.of());
        Comparison comparison = new BaselineComparator(budgets::toleranceFor).compare(baseline, run(noisyNow));

        assertThat(new BudgetChecker().check(budgets, run(noisyNow), comparison))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.PASS);
                    assertThat(r.message()).contains("INCONCLUSIVE");
                });
    }

    @Test
    void check_ruleWithExclude_checksOurRowNotThePeerRow() {
        BudgetFile budgets = parse(
                "  - select: \"jmh.*.alloc\"\n    exclude: [\"jmh.*client=OLLAMA4J*\"]\n" + "    limit: <= 100 B/op\n");
        RunResult run = run(
                alloc("jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16].alloc", 64),
                alloc("jmh.ClientCallBenchmark.chat_streaming[client=OLLAMA4J,tokens=16].alloc", 9000));

        assertThat(new BudgetChecker().check(budgets, run, null))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.metric())
                            .isEqualTo("jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16].alloc");
                    assertThat(r.outcome()).isEqualTo(Outcome.PASS);
                });
    }

    @Test
    void check_excludeMatchingNothingInTheRun_isFine() {
        BudgetFile budgets =
                parse("  - select: \"jmh.*.alloc\"\n    exclude: \"jmh.*=LANGCHAIN4J*\"\n    limit: <= 100 B/op\n");

        assertThat(new BudgetChecker()
                        .check(budgets, run(alloc("jmh.LimiterBenchmark.check_rateLimiter.alloc", 0)), null))
                .extracting(BudgetResult::outcome)
                .containsExactly(Outcome.PASS);
    }

    @Test
    void check_excludeLeavingNoMetric_failsNamingSelectorAndExcludes() {
        BudgetFile budgets =
                parse("  - select: \"jmh.*.alloc\"\n    exclude: \"jmh.*=OLLAMA4J*\"\n    limit: <= 100 B/op\n");
        RunResult run =
                run(alloc("jmh.ChatEncodeBenchmark.encode_chatRequest[encoder=OLLAMA4J,messages=1].alloc", 700));

        assertThatThrownBy(() -> new BudgetChecker().check(budgets, run, null))
                .isInstanceOf(BudgetException.class)
                .hasMessage("perf-budgets.yaml:3: selector 'jmh.*.alloc' matches 1 metric of run 'now', but 'exclude' "
                        + "['jmh.*=OLLAMA4J*'] leaves none of them; narrow the exclude or remove the rule");
    }

    @Test
    void toleranceFor_metricTheRuleExcludes_getsTheDefault() {
        BudgetFile budgets = new BudgetParser()
                .parse(
                        FILE,
                        "version: 1\ndefaults:\n  tolerance: 7%\nbudgets:\n"
                                + "  - select: \"jmh.*.time\"\n    exclude: \"jmh.*_jacksonBaseline*\"\n    tolerance: 25%\n");

        assertThat(budgets.toleranceFor("jmh.SseDecodeBenchmark.decode_ours[tokens=64].time"))
                .isEqualTo(0.25);
        assertThat(budgets.toleranceFor("jmh.SseDecodeBenchmark.decode_jacksonBaseline[tokens=64].time"))
                .isEqualTo(0.07);
    }

    @Test
    void check_toleranceWithoutBaseline_skippedForNoBaseline() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");

        assertThat(new BudgetChecker().check(budgets, run(ttft(100)), null))
                .singleElement()
                .satisfies(r -> assertThat(r.skip()).isEqualTo(BudgetResult.Skip.NO_BASELINE));
    }

    @Test
    void check_toleranceOfMetricNewSinceBaseline_skippedForNotInBaseline() {
        BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");
        RunResult baseline = new RunResult(
                "base", Instant.EPOCH, Map.of(), List.of(alloc("jmh.X.m.alloc", 1)), RunStatus.VALID, List.of());
        Comparison comparison = new BaselineComparator(budgets::toleranceFor).compare(baseline, run(ttft(100)));

        assertThat(new BudgetChecker().check(budgets, run(ttft(100)), comparison))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
                    assertThat(r.skip()).isEqualTo(BudgetResult.Skip.NOT_IN_BASELINE);
                });
    }

    @Test
    void check_jmhLimitOfAGateWhoseJmhRanInSmokeMode_skippedAsNotWarmedUpOtherwiseChecked() {
        BudgetFile budgets = parse("  - select: \"jmh.*.alloc\"\n    limit: <= 100 B/op\n"
                + "  - select: load.s.m.ttft.p95\n    limit: <= 50 ms\n");
        List<Metric> metrics = List.of(alloc("jmh.X.m.alloc", 600_000), ttft(100));

        List<BudgetResult> smoke = new BudgetChecker().check(budgets, gate("smoke", metrics), null);
        List<BudgetResult> quick = new BudgetChecker().check(budgets, gate("quick", metrics), null);

        assertThat(smoke)
                .extracting(BudgetResult::metric, BudgetResult::outcome, BudgetResult::skip)
                .containsExactly(
                        tuple("jmh.X.m.alloc", Outcome.SKIPPED, BudgetResult.Skip.NOT_WARMED_UP),
                        tuple("load.s.m.ttft.p95", Outcome.FAIL, null));
        assertThat(quick).extracting(BudgetResult::outcome).containsExactly(Outcome.FAIL, Outcome.FAIL);
        assertThat(new BudgetChecker().check(budgets, run(metrics.toArray(Metric[]::new)), null))
                .as("a run that is not a gate's (no JMH preset recorded)")
                .extracting(BudgetResult::outcome)
                .containsExactly(Outcome.FAIL, Outcome.FAIL);
    }

    /** A gate run whose JMH preset was {@code benchMode}, as its environment.json records it. */
    private static RunResult gate(String benchMode, List<Metric> metrics) {
        return new RunResult(
                "gate",
                Instant.EPOCH,
                Map.of(BudgetChecker.BENCH_MODE, benchMode),
                metrics,
                RunStatus.VALID,
                List.of());
    }

    private static Metric alloc(String name, double bytesPerOp) {
        return Metric.of(name, Unit.BYTES_PER_OP, Direction.LOWER_IS_BETTER, bytesPerOp, "jmh");
    }

    private static BudgetFile parse(String rules) {
        return new BudgetParser().parse(FILE, "version: 1\nbudgets:\n" + rules);
    }

    private static Metric ttft(double ms) {
        return new Metric(
                "load.s.m.ttft.p95",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                ms,
                null,
                100,
                Statistic.percentile(95),
                null,
                "load");
    }

    private static RunResult run(Metric... metrics) {
        return new RunResult("now", Instant.EPOCH, Map.of(), List.of(metrics), RunStatus.VALID, List.of());
    }
}
