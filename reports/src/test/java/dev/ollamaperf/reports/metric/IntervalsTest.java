package dev.ollamaperf.reports.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The order-statistic interval of the median against textbook values (exact binomial ranks: for
 * n = 10 the 95% interval is [X(2), X(9)] covering 97.85%; for n = 100, [X(40), X(61)] covering 96.48%).
 */
final class IntervalsTest {

    @Test
    void quantileRanks_tenSamples_areTwoAndNineWithTextbookCoverage() {
        Intervals.Ranks r = Intervals.quantileRanks(10, 0.5, 0.95);

        assertThat(r.low()).isEqualTo(2);
        assertThat(r.high()).isEqualTo(9);
        assertThat(r.coverage()).isCloseTo(1002.0 / 1024, within(1e-12));
    }

    @Test
    void quantileRanks_hundredSamples_areFortyAndSixtyOne() {
        Intervals.Ranks r = Intervals.quantileRanks(100, 0.5, 0.95);

        assertThat(r.low()).isEqualTo(40);
        assertThat(r.high()).isEqualTo(61);
        assertThat(r.coverage()).isCloseTo(0.9648, within(1e-4));
    }

    @Test
    void quantileRanks_fiveSamples_fallBackToTheRangeAndSayItCoversLess() {
        Intervals.Ranks r = Intervals.quantileRanks(5, 0.5, 0.95);

        assertThat(r.low()).isEqualTo(1);
        assertThat(r.high()).isEqualTo(5);
        assertThat(r.coverage()).isCloseTo(0.9375, within(1e-12));
    }

    @Test
    void quantileRanks_largeSample_doesNotUnderflowAndIsSymmetric() {
        Intervals.Ranks r = Intervals.quantileRanks(1_000_000, 0.5, 0.95);

        // normal approximation: n/2 -+ 1.96 * sqrt(n)/2 = 500000 -+ 980
        assertThat(r.low()).isBetween(499_015L, 499_025L);
        assertThat(r.low() + r.high()).isEqualTo(1_000_001L);
        assertThat(r.coverage()).isBetween(0.95, 0.951);
    }

    @Test
    void quantile_tenValues_isSecondToNinthSmallest() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        Interval i = Intervals.quantile(sorted, 0.5, 0.95);

        assertThat(i).isEqualTo(new Interval(2, 9, 0.95));
        assertThat(Intervals.median(sorted)).isEqualTo(5.5);
    }

    @Test
    void quantile_sixValuesAtLeast_fiveTooFew() {
        assertThat(Intervals.quantile(new long[] {-3, -1, 0, 2, 4, 9}, 0.5, 0.95))
                .isEqualTo(new Interval(-3, 9, 0.95));
        assertThat(Intervals.quantile(new long[] {1, 2, 3, 4, 5}, 0.5, 0.95)).isNull();
        assertThat(Intervals.median(new long[] {1, 2, 3, 4, 5})).isEqualTo(3);
    }
}
