package dev.ollamaperf.reports.modelcomparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The order-statistic interval of the median read from a histogram's buckets; the ranks themselves are checked
 * against textbook values in {@code metric/IntervalsTest}.
 */
final class QuantileIntervalTest {

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
