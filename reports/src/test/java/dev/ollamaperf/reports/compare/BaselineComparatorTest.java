package dev.ollamaperf.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Synthetic metrics whose classification follows from the rule by hand; tolerance 10% throughout. */
final class BaselineComparatorTest {

    private static final double TOLERANCE = 0.10;

    @ParameterizedTest(name = "{0}: base {1} [{2},{3}] now {4} [{5},{6}] -> {7}")
    @CsvSource({
        // case,                    b,   bL,  bH,  c,   cL,  cH,  expected       (lower is better, band = 10)
        "clear regression,          100, 98,  102, 120, 118, 122, REGRESSED",
        "beyond tolerance but noisy, 100, 90, 110, 120, 105, 135, INCONCLUSIVE",
        "within tolerance and tight, 100, 99, 101, 105, 104, 106, UNCHANGED",
        "noise wider than band,     100, 80,  120, 100, 80,  120, INCONCLUSIVE",
        "clear improvement,         100, 98,  102, 80,  79,  81,  IMPROVED",
        "edge: wL equals band,      100, 100, 100, 110, 110, 110, UNCHANGED",
    })
    void classify_lowerIsBetterWithIntervals_followsRule(
            String name, double b, double bL, double bH, double c, double cL, double cH, Change expected) {
        Metric base = time(b, new Interval(bL, bH, 0.999), Direction.LOWER_IS_BETTER);
        Metric now = time(c, new Interval(cL, cH, 0.999), Direction.LOWER_IS_BETTER);

        assertThat(BaselineComparator.classify(base, now, TOLERANCE).change()).isEqualTo(expected);
    }

    @Test
    void classify_higherIsBetterDrop_regressed() {
        Metric base = time(1000, new Interval(990, 1010, 0.999), Direction.HIGHER_IS_BETTER);
        Metric now = time(800, new Interval(790, 810, 0.999), Direction.HIGHER_IS_BETTER);

        MetricComparison result = BaselineComparator.classify(base, now, TOLERANCE);

        assertThat(result.change()).isEqualTo(Change.REGRESSED);
        assertThat(result.delta().absolute()).isEqualTo(-200);
        assertThat(result.delta().relative()).isCloseTo(-0.2, within(1e-12));
        assertThat(result.delta().interval().low()).isEqualTo(790 - 1010);
        assertThat(result.delta().interval().high()).isEqualTo(810 - 990);
    }

    @Test
    void classify_jmhScoresWithoutIntervals_beyondBandIsInconclusive() {
        Metric base = time(100, null, Direction.LOWER_IS_BETTER);
        Metric now = time(150, null, Direction.LOWER_IS_BETTER);

        MetricComparison result = BaselineComparator.classify(base, now, TOLERANCE);

        assertThat(result.change()).isEqualTo(Change.INCONCLUSIVE);
        assertThat(result.explanation()).contains("weak evidence");
    }

    @Test
    void classify_jmhScoreWithoutIntervalOnOneSide_beyondBandIsInconclusive() {
        Metric base = time(100, new Interval(99, 101, 0.999), Direction.LOWER_IS_BETTER);
        Metric now = time(150, null, Direction.LOWER_IS_BETTER);

        assertThat(BaselineComparator.classify(base, now, TOLERANCE).change()).isEqualTo(Change.INCONCLUSIVE);
    }

    @Test
    void classify_exactValues_regressedWithoutIntervals() {
        Metric base = Metric.of("server.m.memory.bytes", Unit.BYTES, Direction.LOWER_IS_BETTER, 1_000, "server");
        Metric now = Metric.of("server.m.memory.bytes", Unit.BYTES, Direction.LOWER_IS_BETTER, 1_200, "server");

        assertThat(BaselineComparator.classify(base, now, TOLERANCE).change()).isEqualTo(Change.REGRESSED);
    }

    @Test
    void classify_zeroBaselineRatio_usesIntervalsAndHasNoRelativeDelta() {
        Metric base = ratio(0, new Interval(0, 0.004, 0.99));
        Metric now = ratio(0.05, new Interval(0.04, 0.06, 0.99));

        MetricComparison result = BaselineComparator.classify(base, now, TOLERANCE);

        assertThat(result.change()).isEqualTo(Change.REGRESSED);
        assertThat(result.delta().relative()).isNull();
    }

    @Test
    void classify_baselineInOtherUnit_convertedBeforeComparing() {
        Metric base = new Metric(
                "x",
                Unit.MICROSECONDS_PER_OP,
                Direction.LOWER_IS_BETTER,
                0.1,
                new Interval(0.099, 0.101, 0.999),
                5,
                Statistic.SCORE,
                null,
                "jmh");
        Metric now = time(100, new Interval(99, 101, 0.999), Direction.LOWER_IS_BETTER);

        MetricComparison result = BaselineComparator.classify(base, now, TOLERANCE);

        assertThat(result.change()).isEqualTo(Change.UNCHANGED);
        assertThat(result.delta().absolute()).isCloseTo(0, within(1e-9));
    }

    @Test
    void compare_newAndMissingMetrics_classified() {
        RunResult baseline = run("base", time("a", 1), time("gone", 1));
        RunResult current = run("now", time("a", 1), time("fresh", 1));

        Comparison comparison = new BaselineComparator(name -> TOLERANCE).compare(baseline, current);

        assertThat(comparison.metric("fresh").orElseThrow().change()).isEqualTo(Change.NEW);
        assertThat(comparison.metric("gone").orElseThrow().change()).isEqualTo(Change.MISSING);
        assertThat(comparison.metric("a").orElseThrow().change()).isEqualTo(Change.UNCHANGED);
        assertThat(comparison.metrics()).extracting(MetricComparison::name).containsExactly("a", "fresh", "gone");
    }

    @Test
    void regressionsBySize_twoRegressions_largestRelativeWorseningFirst() {
        RunResult baseline = run("base", time("small", 100), time("big", 100));
        RunResult current = run("now", time("small", 120), time("big", 300));

        Comparison comparison = new BaselineComparator(name -> 0.05).compare(baseline, current);

        assertThat(comparison.regressionsBySize())
                .extracting(MetricComparison::name)
                .containsExactly("big", "small");
    }

    private static Metric time(double value, Interval interval, Direction direction) {
        return new Metric(
                "jmh.X.y.time", Unit.NANOSECONDS_PER_OP, direction, value, interval, 10, Statistic.SCORE, null, "jmh");
    }

    private static Metric time(String name, double value) {
        return new Metric(
                name,
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                value,
                new Interval(value, value, 0.99),
                10,
                Statistic.percentile(95),
                null,
                "load");
    }

    private static Metric ratio(double value, Interval interval) {
        return new Metric(
                "load.s.errors.ratio",
                Unit.RATIO,
                Direction.LOWER_IS_BETTER,
                value,
                interval,
                1000,
                Statistic.RATIO,
                null,
                "load");
    }

    private static RunResult run(String id, Metric... metrics) {
        return new RunResult(id, Instant.EPOCH, Map.of(), List.of(metrics), RunStatus.VALID, List.of());
    }
}
