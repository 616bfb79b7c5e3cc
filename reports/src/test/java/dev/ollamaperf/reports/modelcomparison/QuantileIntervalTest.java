package dev.ollamaperf.reports.modelcomparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The order-statistic interval of the median against textbook values (exact binomial ranks: for
 * n = 10 the 95% interval is [X(2), X(9)] covering 97.85%; for n = 100, [X(40), X(61)] covering 96.48%).
 */
final class QuantileIntervalTest {

    @Test
    void ranks_tenSamples_areTwoAndNineWithTextbookCoverage() {
        QuantileInterval.Ranks r = QuantileInterval.ranks(10, 0.5, 0.95);

        assertThat(r.low()).isEqualTo(2);
        assertThat(r.high()).isEqualTo(9);
        assertThat(r.coverage()).isCloseTo(1002.0 / 1024, within(1e-12));
    }

    @Test
    void ranks_hundredSamples_areFortyAndSixtyOne() {
        QuantileInterval.Ranks r = QuantileInterval.ranks(100, 0.5, 0.95);

        assertThat(r.low()).isEqualTo(40);
        assertThat(r.high()).isEqualTo(61);
        assertThat(r.coverage()).isCloseTo(0.9648, within(1e-4));
    }

    @Test
    void ranks_fiveSamples_fallBackToTheRangeAndSayItCoversLess() {
        QuantileInterval.Ranks r = QuantileInterval.ranks(5, 0.5, 0.95);

        assertThat(r.low()).isEqualTo(1);
        assertThat(r.high()).isEqualTo(5);
        assertThat(r.coverage()).isCloseTo(0.9375, within(1e-12));
    }

    @Test
    void ranks_largeSample_doesNotUnderflowAndIsSymmetric() {
        QuantileInterval.Ranks r = QuantileInterval.ranks(1_000_000, 0.5, 0.95);

        // normal approximation: n/2 -+ 1.96 * sqrt(n)/2 = 500000 -+ 980
        assertThat(r.low()).isBetween(499_015L, 499_025L);
        assertThat(r.low() + r.high()).isEqualTo(1_000_001L);
        assertThat(r.coverage()).isBetween(0.95, 0.951);
    }

    @Test
    void of_valuesOneToHundred_readsTheFortiethAndSixtyFirstValues() {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int v = 1; v <= 100; v++) {
            h.recordValue(v);
        }

        double[] interval = QuantileInterval.of(h, 0.5, 0.95, 100);

        assertThat(interval[0]).isEqualTo(40);
        assertThat(interval[1]).isEqualTo(61);
    }

    @Test
    void of_clusteredSamples_widensTheIntervalByTheEffectiveSampleSize() {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int v = 1; v <= 1000; v++) {
            h.recordValue(v);
        }

        double[] independent = QuantileInterval.of(h, 0.5, 0.95, 1000);
        double[] tenRequests = QuantileInterval.of(h, 0.5, 0.95, 10);

        // 1000 samples from 10 requests: ranks 2 and 9 of 10 scale to 200 and 900 of 1000
        assertThat(tenRequests[0]).isEqualTo(200);
        assertThat(tenRequests[1]).isEqualTo(900);
        assertThat(tenRequests[1] - tenRequests[0]).isGreaterThan(5 * (independent[1] - independent[0]));
    }

    @Test
    void of_effectiveSamplesAboveTheCount_isRefusedNamingTheRule() {
        Histogram h = new Histogram(1000, 3);
        h.recordValue(5);

        assertThatThrownBy(() -> QuantileInterval.of(h, 0.5, 0.95, 2))
                .hasMessage("'effectiveN' must be between 1 and the sample count 1, got: 2");
    }
}
