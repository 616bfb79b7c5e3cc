package dev.ollamaperf.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.HistogramMetrics;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Intervals;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Measures, instead of assuming, how the regression rule behaves on load percentiles: the false-alarm
 * rate when nothing changed, the detection rate for a real slowdown, and the coverage of the
 * order-statistic interval. Latencies are 300 ms plus an exponential tail of mean 400 ms (true p95 =
 * 300 + 400·ln 20 ≈ 1498.3 ms), seeded, so the numbers are reproducible; each test prints what it measured.
 */
final class NoiseCalibrationTest {

    private static final double TRUE_P95_MS = 300 + 400 * Math.log(20);

    @Test
    void classify_sameDistribution_falseAlarmRateBelowOnePercent() {
        Map<Change, Integer> counts = trials(200, 2_000, 1.0, new Random(1));
        System.out.println("unchanged code, 200 pairs of 2000 requests, tolerance 10%: " + counts);

        assertThat(counts.getOrDefault(Change.REGRESSED, 0) + counts.getOrDefault(Change.IMPROVED, 0))
                .isLessThanOrEqualTo(2);
    }

    @Test
    void classify_fortyPercentSlowerP95_detectedInMostPairs() {
        // Stretching the tail by 1.5 moves p95 from 1498 ms to 2097 ms (+40%).
        Map<Change, Integer> counts = trials(200, 2_000, 1.5, new Random(2));
        System.out.println("p95 +40%, 200 pairs of 2000 requests, tolerance 10%: " + counts);

        assertThat(counts.getOrDefault(Change.REGRESSED, 0)).isGreaterThanOrEqualTo(180);
    }

    @Test
    void percentileInterval_exponentialSamples_coversTrueP95AtLeastNominally() {
        Random random = new Random(3);
        int covered = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            Interval i = p95(sample(1_000, 1.0, random)).uncertainty();
            if (i.low() <= TRUE_P95_MS && TRUE_P95_MS <= i.high()) {
                covered++;
            }
        }
        System.out.println("99% interval of p95, 1000 requests: covered the true p95 in " + covered + " of " + trials);

        // Nominal 99%; at 400 trials a binomial lower bound around 97% leaves room for sampling noise.
        assertThat(covered).isGreaterThanOrEqualTo((int) (0.97 * trials));
    }

    private static Map<Change, Integer> trials(int pairs, int n, double slowdown, Random random) {
        Map<Change, Integer> counts = new EnumMap<>(Change.class);
        for (int t = 0; t < pairs; t++) {
            Metric baseline = p95(sample(n, 1.0, random));
            Metric current = p95(sample(n, slowdown, random));
            counts.merge(BaselineComparator.classify(baseline, current, 0.10).change(), 1, Integer::sum);
        }
        return counts;
    }

    private static Histogram sample(int n, double slowdown, Random random) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue(300_000_000L + (long) (-Math.log(1 - random.nextDouble()) * 400e6 * slowdown));
        }
        return h;
    }

    private static Metric p95(Histogram h) {
        assertThat(Intervals.LOAD_CONFIDENCE).isEqualTo(0.99);
        return HistogramMetrics.of(
                "load.s.m.ttft.p95",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                Statistic.percentile(95),
                EncodedHistogram.encode(h, Unit.NANOSECONDS),
                "load");
    }
}
