package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.results.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-second throughput samples from a step's time series, and their t-interval. */
final class ThroughputSamplesTest {

    @Test
    void of_windowEndsMidBucket_leavesThePartialBucketOut() {
        List<TimeSeries.Point> points = new ArrayList<>();
        long[] ok = {3, 5, 4, 1};
        long active = 0;
        for (int i = 0; i < ok.length; i++) {
            active += 5 - ok[i];
            points.add(new TimeSeries.Point(i * 1000L, 5, ok[i], 0, ok[i] * 10, active, active, null, null));
        }
        TimeSeries series = new TimeSeries(1000, "2026-12-06T10:00:00Z", points);

        assertThat(ThroughputSamples.of(series, 3.4)).containsExactly(3.0, 5.0, 4.0);
        assertThat(ThroughputSamples.of(null, 3.4)).isEmpty();
    }

    @Test
    void halfWidth_knownSamples_isStudentsTInterval() {
        // mean 4, sd 1, n 3: t(0.975, 2) = 4.303, half-width 4.303 / sqrt(3) = 2.484.
        assertThat(ThroughputSamples.halfWidth(List.of(3.0, 4.0, 5.0))).isEqualTo(2.484, within(0.001));
        assertThat(ThroughputSamples.halfWidth(List.of(4.0))).isNaN();
    }

    @Test
    void t975_manyDegreesOfFreedom_approachesTheNormalQuantile() {
        assertThat(ThroughputSamples.t975(30)).isEqualTo(2.042);
        assertThat(ThroughputSamples.t975(60)).isEqualTo(2.000, within(0.001));
        assertThat(ThroughputSamples.t975(1000)).isEqualTo(1.962, within(0.001));
    }
}
