package dev.ollamaperf.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The recorder's statistics on synthetic data with a known answer. */
final class AnalysisTest {

    @Test
    void fit_pointsOnALine_recoversItExactly() {
        LineFit fit = LineFit.fit(
                new double[] {10, 100, 1000, 10, 100, 1000}, new double[] {45e6, 90e6, 540e6, 45e6, 90e6, 540e6});

        assertThat(fit.slope()).isCloseTo(0.5e6, within(1e-3));
        assertThat(fit.intercept()).isCloseTo(40e6, within(1e-2));
        assertThat(fit.rSquared()).isCloseTo(1.0, within(1e-12));
        assertThat(fit.residualSd()).isCloseTo(0.0, within(1e-3));
    }

    @Test
    void fit_oneDistinctX_refusedNamingTheRule() {
        assertThatThrownBy(() -> LineFit.fit(new double[] {5, 5}, new double[] {1, 2}))
                .hasMessageContaining("2 or more distinct x values");
    }

    @Test
    void tokenJitter_gapsWithArrivalNoise_recoversTheServersJitterNotTheNoise() {
        // Server: 20 ms intervals, jitter 0.1 (sd 2 ms). Client: each chunk arrives 0..6 ms late
        // (uniform, sd 1.7 ms) and one in 50 arrives 40 ms late. A plain spread of the gaps sees both.
        SplittableRandom random = new SplittableRandom(7);
        List<long[]> streams = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            long[] gaps = new long[40];
            double intended = 0;
            double previous = 0;
            for (int k = 0; k <= gaps.length; k++) {
                intended += 20e6 * (1 + 0.1 * random.nextGaussian());
                double arrival = intended + random.nextDouble() * 6e6 + (random.nextInt(50) == 0 ? 40e6 : 0);
                if (k > 0) {
                    gaps[k - 1] = Math.round(arrival - previous);
                }
                previous = arrival;
            }
            streams.add(gaps);
        }

        double plain = SampleStats.robustCv(streams.stream()
                .flatMapToLong(java.util.Arrays::stream)
                .mapToDouble(g -> g)
                .toArray());

        assertThat(plain).as("the plain spread is inflated by arrival noise").isGreaterThan(0.12);
        assertThat(SampleStats.tokenJitter(streams)).isCloseTo(0.1, within(0.035));
    }

    @Test
    void epochNanos_rfc3339WithNanosOrOffset_parsesElseMarksMissing() {
        assertThat(Probe.epochNanos("2025-03-01T10:00:00.123456789Z")).isEqualTo(1_740_823_200_123_456_789L);
        assertThat(Probe.epochNanos("2025-03-01T11:00:00.5+01:00")).isEqualTo(1_740_823_200_500_000_000L);
        assertThat(Probe.epochNanos(null)).isEqualTo(Long.MIN_VALUE);
        assertThat(Probe.epochNanos("yesterday")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void tokenJitter_tooFewGaps_isNaN() {
        assertThat(SampleStats.tokenJitter(List.of(new long[] {1, 2, 3}))).isNaN();
    }

    @Test
    void analyze_batchingWithinFourSlotsThenQueueing_findsSlotsAndSerialFraction() {
        // r(n) = 50 / (1 + 0.4 (n - 1)) tokens/s, 50 tokens per request, 4 slots; the 5th request
        // of a round waits for a whole request, so its TTFT is ~2.2 s instead of 0.1 s.
        List<List<Sample>> rounds = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            List<Sample> round = new ArrayList<>();
            int batched = Math.min(n, 4);
            double rate = 50 / (1 + 0.4 * (batched - 1));
            long e2e = (long) (100e6 + 50 / rate * 1e9);
            for (int i = 0; i < n; i++) {
                long ttft = i < 4 ? 100_000_000L + i * 1_000_000L : e2e + 100_000_000L;
                round.add(sample(ttft, ttft + e2e, 50, (long) (50 / rate * 1e9)));
            }
            rounds.add(round);
        }

        BatchingCurve curve = BatchingCurve.analyze(rounds);

        assertThat(curve.servedAtOnce()).isEqualTo(4);
        assertThat(curve.serialFraction().orElseThrow()).isCloseTo(0.4, within(1e-9));
        assertThat(curve.levels()).extracting(BatchingCurve.Level::queued).containsExactly(0, 0, 0, 0, 1);
        assertThat(curve.levels().get(1).aggregateTokensPerSecond()).isCloseTo(2 * 50 / 1.4, within(1e-6));
        assertThat(curve.fit().n())
                .as("the queued level is left out of the fit")
                .isEqualTo(10);
    }

    @Test
    void analyze_onlyOneLevel_hasNoSerialFraction() {
        BatchingCurve curve = BatchingCurve.analyze(List.of(List.of(sample(100, 1000, 10, 900))));

        assertThat(curve.serialFraction()).isEmpty();
        assertThat(curve.servedAtOnce()).isZero();
    }

    @Test
    void analyze_shortRequestsWithSlowConnections_isNotMistakenForQueueing() {
        // 25 ms requests; the second one's first token is 15 ms late (a new connection on a busy
        // machine): well above the single-request TTFT of 5 ms, but before the other one ended.
        List<List<Sample>> rounds = List.of(
                List.of(sample(5_000_000, 25_000_000, 8, 20_000_000)),
                List.of(sample(5_000_000, 30_000_000, 8, 25_000_000), sample(20_000_000, 45_000_000, 8, 25_000_000)));

        BatchingCurve curve = BatchingCurve.analyze(rounds);

        assertThat(curve.servedAtOnce()).isZero();
        assertThat(curve.levels()).extracting(BatchingCurve.Level::queued).containsExactly(0, 0);
    }

    private static Sample sample(long ttft, long e2e, long evalCount, long evalNanos) {
        return new Sample(ttft, e2e, new long[0], 0, 10, 1_000_000, evalCount, evalNanos, 0, "length", new long[0]);
    }
}
