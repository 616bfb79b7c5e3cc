package dev.ollamaperf.reports.modelcomparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The ranking rule on synthetic distributions with known answers. */
final class RankerTest {

    private final Ranker ranker = new Ranker(0.95);

    @Test
    void rank_clearlyDifferentLatencies_ranksLowestFirstAndTellsThemApart() {
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        estimates.put("slow", estimate(lognormal(1, 200, 0.2, 60), 60));
        estimates.put("fast", estimate(lognormal(2, 100, 0.2, 60), 60));

        MetricRanking r = ranker.rank(ComparedMetric.TTFT, estimates);

        assertThat(r.places()).extracting(MetricRanking.Place::model).containsExactly("fast", "slow");
        assertThat(r.place("fast").rank()).isEqualTo(1);
        assertThat(r.place("slow").rank()).isEqualTo(2);
        assertThat(r.verdict("fast", "slow")).isEqualTo(ComparisonVerdict.BETTER);
        assertThat(r.verdict("slow", "fast")).isEqualTo(ComparisonVerdict.WORSE);
        assertThat(r.pairs().get(0).ratio()).isBetween(0.4, 0.6);
    }

    @Test
    void rank_higherIsBetter_ranksHighestTokensPerSecondFirst() {
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        estimates.put("40tps", estimate(lognormal(3, 40, 0.05, 50), 50));
        estimates.put("90tps", estimate(lognormal(4, 90, 0.05, 50), 50));

        MetricRanking r = ranker.rank(ComparedMetric.OUTPUT_TPS, estimates);

        assertThat(r.places()).extracting(MetricRanking.Place::model).containsExactly("90tps", "40tps");
        assertThat(r.verdict("90tps", "40tps")).isEqualTo(ComparisonVerdict.BETTER);
    }

    @Test
    void rank_identicalDistributions_areIndistinguishableAndShareTheRank() {
        Histogram same = lognormal(5, 150, 0.3, 80);
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        estimates.put("a", estimate(same, 80));
        estimates.put("b", estimate(same.copy(), 80));
        estimates.put("slow", estimate(lognormal(6, 400, 0.3, 80), 80));

        MetricRanking r = ranker.rank(ComparedMetric.E2E, estimates);

        assertThat(r.place("a").rank()).isEqualTo(1);
        assertThat(r.place("b").rank()).isEqualTo(1);
        assertThat(r.place("slow").rank()).isEqualTo(3);
        assertThat(r.verdict("a", "b")).isEqualTo(ComparisonVerdict.INDISTINGUISHABLE);
        assertThat(r.place("a").indistinguishableFrom()).containsExactly("b");
        assertThat(r.place("slow").indistinguishableFrom()).isEmpty();
    }

    @Test
    void rank_overlapsThatAreNotTransitive_rankByModelsDistinguishablyBetter() {
        // A ~ B and B ~ C, but A is better than C: A and B share rank 1, C is rank 2 (only A beats it)
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        estimates.put("A", new Estimate(10, 9, 11, 0.96, 100, 100));
        estimates.put("B", new Estimate(12, 10.5, 13.5, 0.96, 100, 100));
        estimates.put("C", new Estimate(14, 13, 15, 0.96, 100, 100));

        MetricRanking r = ranker.rank(ComparedMetric.TTFT, estimates);

        assertThat(r.places()).extracting(MetricRanking.Place::rank).containsExactly(1, 1, 2);
        assertThat(r.place("B").indistinguishableFrom()).containsExactly("A", "C");
        assertThat(r.verdict("A", "C")).isEqualTo(ComparisonVerdict.BETTER);
    }

    @Test
    void rank_tooFewSamplesToReachTheConfidence_makesNoClaim() {
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        estimates.put("few", new Estimate(10, 9, 11, 0.9375, 5, 5));
        estimates.put("many", new Estimate(50, 49, 51, 0.96, 100, 100));

        MetricRanking r = ranker.rank(ComparedMetric.TTFT, estimates);

        assertThat(r.verdict("few", "many")).isEqualTo(ComparisonVerdict.INDISTINGUISHABLE);
        assertThat(r.places()).extracting(MetricRanking.Place::rank).containsExactly(1, 1);
    }

    private static Estimate estimate(Histogram h, long requests) {
        double[] i = QuantileInterval.of(h, 0.5, 0.95, Math.min(requests, h.getTotalCount()));
        double median = h.getValueAtPercentile(50);
        return new Estimate(median, i[0], i[1], i[2], h.getTotalCount(), Math.min(requests, h.getTotalCount()));
    }

    /** {@code n} log-normal samples around {@code median} (in ms, recorded as ns), seeded. */
    private static Histogram lognormal(long seed, double median, double sigma, int n) {
        Random random = new Random(seed);
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.round(median * 1e6 * Math.exp(sigma * random.nextGaussian())));
        }
        return h;
    }
}
