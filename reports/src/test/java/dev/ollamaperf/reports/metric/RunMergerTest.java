package dev.ollamaperf.reports.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

final class RunMergerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void merge_twoInjectorsWithKnownDistributions_p99EqualsP99OfUnion() {
        // Injector A: 10 000 fast requests (1..10 ms); injector B: 1 000 slow ones (200..400 ms).
        // Averaging the two p99s would give about (9.9 + 398) / 2 = 204 ms; the union's p99 lies in B's range.
        Random random = new Random(42);
        Histogram a = new Histogram(3_600_000_000_000L, 3);
        Histogram b = new Histogram(3_600_000_000_000L, 3);
        Histogram union = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < 10_000; i++) {
            long v = 1_000_000L + random.nextInt(9_000_000);
            a.recordValue(v);
            union.recordValue(v);
        }
        for (int i = 0; i < 1_000; i++) {
            long v = 200_000_000L + random.nextInt(200_000_000);
            b.recordValue(v);
            union.recordValue(v);
        }
        RunResult runA = run("a", ttftP99(a), counter(10_000));
        RunResult runB = run("b", ttftP99(b), counter(1_000));

        RunResult merged = RunMerger.merge("ab", List.of(runA, runB));

        Metric p99 = merged.metric("load.steady.m.ttft.p99").orElseThrow();
        double expectedMs = union.getValueAtPercentile(99) / 1e6;
        assertThat(p99.value()).isEqualTo(expectedMs);
        assertThat(p99.value()).isBetween(200.0, 400.0);
        assertThat(p99.samples()).isEqualTo(11_000);
        assertThat(p99.interval()).get().satisfies(i -> assertThat(i.low()).isLessThanOrEqualTo(expectedMs));
        assertThat(merged.metric("load.steady.requests").orElseThrow().value()).isEqualTo(11_000);
        assertThat(merged.environment()).containsEntry("merged.from", "a,b");
    }

    @Test
    void merge_ratios_poolsByDenominator() {
        Metric errorsA = new Metric(
                "load.s.errors.ratio",
                Unit.RATIO,
                Direction.LOWER_IS_BETTER,
                0.5,
                null,
                10,
                Statistic.RATIO,
                null,
                "load");
        Metric errorsB = new Metric(
                "load.s.errors.ratio",
                Unit.RATIO,
                Direction.LOWER_IS_BETTER,
                0.0,
                null,
                90,
                Statistic.RATIO,
                null,
                "load");

        Metric merged = RunMerger.mergeMetric(List.of(errorsA, errorsB));

        assertThat(merged.value()).isEqualTo(0.05);
        assertThat(merged.samples()).isEqualTo(100);
    }

    @Test
    void merge_percentileWithoutAnyHistogram_keepsTheInputWithMoreSamples() {
        // the integration's added latency: a median of paired differences, which no histogram holds
        Metric few = addedP50(5, new Interval(1, 9, 0.95), 20);
        Metric many = addedP50(3, new Interval(2.5, 3.5, 0.95), 200);

        assertThat(RunMerger.mergeMetric(List.of(few, many))).isEqualTo(many);
        assertThat(RunMerger.mergeMetric(List.of(many, few))).isEqualTo(many);
    }

    @Test
    void merge_percentileWithHistogramOnOneSideOnly_failsNamingMetric() {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        h.recordValue(5_000_000);
        Metric withHistogram = ttftP99(h);
        Metric without = withHistogram.withValue(5, null, 1, null);

        assertThatThrownBy(() -> RunMerger.mergeMetric(List.of(withHistogram, without)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("load.steady.m.ttft.p99")
                .hasMessageContaining("never averaged");
    }

    @Test
    void merge_maxAndMeanWithoutHistogram_takeTheLargestAndTheSampleWeightedMean() {
        Metric peakA =
                new Metric("heap", Unit.BYTES, Direction.LOWER_IS_BETTER, 100, null, 1, Statistic.MAX, null, "load");
        Metric peakB = peakA.withValue(300, null, 1, null);
        Metric allocA = new Metric(
                "alloc", Unit.BYTES_PER_OP, Direction.LOWER_IS_BETTER, 1_000, null, 10, Statistic.MEAN, null, "load");
        Metric allocB = allocA.withValue(4_000, null, 30, null);

        assertThat(RunMerger.mergeMetric(List.of(peakA, peakB)).value()).isEqualTo(300);
        // (1000 * 10 + 4000 * 30) / 40: the pooled bytes over the pooled requests
        assertThat(RunMerger.mergeMetric(List.of(allocA, allocB)).value()).isEqualTo(3_250);
        assertThat(RunMerger.mergeMetric(List.of(allocA, allocB)).samples()).isEqualTo(40);
    }

    private static Metric addedP50(double ms, Interval interval, long pairs) {
        return new Metric(
                "load.s.m.added.ttft.p50",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                ms,
                interval,
                pairs,
                Statistic.percentile(50),
                null,
                "load");
    }

    @Test
    void merge_invalidInput_mergedRunIsInvalidWithPrefixedReason() {
        RunResult bad = new RunResult("b", T0, Map.of(), List.of(), RunStatus.INVALID, List.of("target rate missed"));

        RunResult merged = RunMerger.merge("ab", List.of(run("a"), bad));

        assertThat(merged.status()).isEqualTo(RunStatus.INVALID);
        assertThat(merged.reasons()).containsExactly("b: target rate missed");
    }

    @Test
    void merge_differentScores_fails() {
        Metric one = Metric.of("server.m.memory.bytes", Unit.BYTES, Direction.LOWER_IS_BETTER, 1, "server");
        Metric two = Metric.of("server.m.memory.bytes", Unit.BYTES, Direction.LOWER_IS_BETTER, 2, "server");

        assertThatThrownBy(() -> RunMerger.mergeMetric(List.of(one, two))).hasMessageContaining("1.0 and 2.0");
    }

    private static Metric ttftP99(Histogram h) {
        return HistogramMetrics.of(
                "load.steady.m.ttft.p99",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                Statistic.percentile(99),
                EncodedHistogram.encode(h, Unit.NANOSECONDS),
                "load");
    }

    private static Metric counter(long n) {
        return new Metric(
                "load.steady.requests",
                Unit.COUNT,
                Direction.HIGHER_IS_BETTER,
                n,
                null,
                n,
                Statistic.COUNT,
                null,
                "load");
    }

    private static RunResult run(String id, Metric... metrics) {
        return new RunResult(id, T0, Map.of("jvm.version", "17"), List.of(metrics), RunStatus.VALID, List.of());
    }
}
