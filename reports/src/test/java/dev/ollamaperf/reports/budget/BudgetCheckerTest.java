package dev.ollamaperf.reports.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.reports.budget.BudgetResult.Check;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.model.Direction;
import dev.ollamaperf.reports.model.Interval;
import dev.ollamaperf.reports.model.Metric;
import dev.ollamaperf.reports.model.RunResult;
import dev.ollamaperf.reports.model.RunStatus;
import dev.ollamaperf.reports.model.Statistic;
import dev.ollamaperf.reports.model.Unit;
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
        .extracting(BudgetResult::outcome).containsExactly(Outcome.WARN);
  }

  @Test
  void check_withinLimit_passes() {
    BudgetFile budgets = parse("  - select: load.s.*.p95\n    limit: <= 2000 ms\n");

    assertThat(new BudgetChecker().check(budgets, run(ttft(1623.4)), null))
        .extracting(BudgetResult::outcome).containsExactly(Outcome.PASS);
  }

  @Test
  void check_selectorMatchingNothing_failsNamingFileLineAndNearNames() {
    BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    limit: <= 1 s\n  - select: load.x.*.ttft.p95\n    limit: <= 1 s\n");

    assertThatThrownBy(() -> new BudgetChecker().check(budgets, run(ttft(1)), null))
        .isInstanceOf(BudgetException.class)
        .hasMessageStartingWith("perf-budgets.yaml:5: selector 'load.x.*.ttft.p95' matches no metric of run 'now'")
        .hasMessageContaining("load.s.m.ttft.p95");
  }

  @Test
  void check_limitUnitOfOtherDimension_failsNamingBoth() {
    BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    limit: <= 2048 B/op\n");

    assertThatThrownBy(() -> new BudgetChecker().check(budgets, run(ttft(1)), null))
        .hasMessageStartingWith("perf-budgets.yaml:3: limit unit 'B/op' does not apply to metric 'load.s.m.ttft.p95' in 'ms'");
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
    Metric goodput = new Metric("load.s.goodput.ratio", Unit.RATIO, Direction.HIGHER_IS_BETTER, 0.97, null, 100,
        Statistic.RATIO, null, "load");

    assertThat(new BudgetChecker().check(budgets, run(goodput), null))
        .extracting(BudgetResult::outcome).containsExactly(Outcome.PASS);
  }

  @Test
  void check_toleranceWithoutBaseline_skipped() {
    BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");

    assertThat(new BudgetChecker().check(budgets, run(ttft(100)), null)).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED));
  }

  @Test
  void check_toleranceClearRegression_failsWithRelativeChange() {
    BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");
    RunResult baseline = new RunResult("base", Instant.EPOCH, Map.of(), List.of(ttft(100)), RunStatus.VALID, List.of());
    RunResult current = run(ttft(150));
    Comparison comparison = new BaselineComparator(budgets::toleranceFor).compare(baseline, current);

    BudgetResult result = new BudgetChecker().check(budgets, current, comparison).get(0);

    assertThat(result.check()).isEqualTo(Check.TOLERANCE);
    assertThat(result.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(result.message()).startsWith("+50.0% vs baseline 'base' (tolerance 10%): REGRESSED");
  }

  @Test
  void check_toleranceInsideNoise_warnsInconclusive() {
    BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");
    Metric noisyBase = ttft(100).withValue(100, new Interval(60, 140, 0.99), 100, null);
    Metric noisyNow = ttft(150).withValue(150, new Interval(110, 190, 0.99), 100, null);
    RunResult baseline = new RunResult("base", Instant.EPOCH, Map.of(), List.of(noisyBase), RunStatus.VALID, List.of());
    Comparison comparison = new BaselineComparator(budgets::toleranceFor).compare(baseline, run(noisyNow));

    assertThat(new BudgetChecker().check(budgets, run(noisyNow), comparison))
        .extracting(BudgetResult::outcome).containsExactly(Outcome.WARN);
  }

  @Test
  void check_toleranceNoisyButPointWithinTolerance_passes() {
    BudgetFile budgets = parse("  - select: load.s.m.ttft.p95\n    tolerance: 10%\n");
    Metric noisyBase = ttft(100).withValue(100, new Interval(60, 140, 0.99), 100, null);
    Metric noisyNow = ttft(103).withValue(103, new Interval(63, 143, 0.99), 100, null);
    RunResult baseline = new RunResult("base", Instant.EPOCH, Map.of(), List.of(noisyBase), RunStatus.VALID, List.of());
    Comparison comparison = new BaselineComparator(budgets::toleranceFor).compare(baseline, run(noisyNow));

    assertThat(new BudgetChecker().check(budgets, run(noisyNow), comparison)).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.PASS);
      assertThat(r.message()).contains("INCONCLUSIVE");
    });
  }

  private static BudgetFile parse(String rules) {
    return new BudgetParser().parse(FILE, "version: 1\nbudgets:\n" + rules);
  }

  private static Metric ttft(double ms) {
    return new Metric("load.s.m.ttft.p95", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, ms, null, 100,
        Statistic.percentile(95), null, "load");
  }

  private static RunResult run(Metric... metrics) {
    return new RunResult("now", Instant.EPOCH, Map.of(), List.of(metrics), RunStatus.VALID, List.of());
  }
}
