package dev.ollamaperf.reports.power;

import static dev.ollamaperf.reports.power.PowerHistory.ADDED;
import static dev.ollamaperf.reports.power.PowerHistory.ALLOC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Intervals;
import dev.ollamaperf.reports.metric.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MDR arithmetic on synthetic histories written through {@code HistoryStore} into a real file. */
@Timeout(60)
final class PowerCalculatorTest {

    /** Six runs of 20 s: median 12.5, absolute deviations 0.5 0.5 1.5 1.5 2.5 17.5, so MAD 1.5. */
    private static final double[] ADDED_MS = {10, 11, 12, 13, 14, 30};

    private static final double SIGMA = 1.4826 * 1.5;

    @TempDir
    Path dir;

    private Map<String, Detectable> power(RunResult current) throws Exception {
        return new PowerCalculator()
                .of(PowerHistory.budgets(dir), current, PowerHistory.past(dir.resolve("history.db"), current)).stream()
                        .collect(java.util.stream.Collectors.toMap(Detectable::metric, d -> d));
    }

    @Test
    void noiseFactor_isBothQuantilesTimesRootTwo() {
        assertThat(PowerCalculator.NOISE_FACTOR).isCloseTo(4.480, within(0.001));
        assertThat(PowerCalculator.mdr(2, 3)).isCloseTo(3 + 2 * 4.480, within(0.002));
    }

    @Test
    void historyOfTheSameLength_givesTheRobustSpread_andTheLimitHeadroom() throws Exception {
        PowerHistory.write(dir.resolve("history.db"), "20s", ADDED_MS, null);
        RunResult current =
                PowerHistory.run("now", 99, "20s", List.of(PowerHistory.added(12, new Interval(11, 13, 0.99), 20)));

        Detectable d = power(current).get(ADDED);

        assertThat(d.noise().source()).isEqualTo(NoiseSource.HISTORY);
        assertThat(d.noise().runs()).isEqualTo(6);
        // the outlier (30 ms) moves a standard deviation by far more than the MAD
        assertThat(d.noise().sigma()).isCloseTo(SIGMA, within(1e-9));
        assertThat(d.mdr()).isCloseTo(PowerCalculator.NOISE_FACTOR * SIGMA, within(1e-9));
        assertThat(d.headroom()).isCloseTo((50 - 12) / SIGMA, within(1e-9));
        assertThat(d.describe()).isEqualTo(ADDED + " +9.96 ms (+83%; history, 6 runs; 17 sd inside limit <= 50 ms)");
    }

    @Test
    void valueSmallerThanItsMdr_printsNoPercentage() throws Exception {
        PowerHistory.write(dir.resolve("history.db"), "20s", ADDED_MS, null);
        RunResult current =
                PowerHistory.run("now", 99, "20s", List.of(PowerHistory.added(0.5, new Interval(0, 1, 0.99), 20)));

        Detectable d = power(current).get(ADDED);

        // +9.96 ms beside an added 0.5 ms would read +1992%
        assertThat(d.relative()).isGreaterThan(1);
        assertThat(d.describe()).isEqualTo(ADDED + " +9.96 ms (history, 6 runs; 22 sd inside limit <= 50 ms)");
    }

    @Test
    void fewerThanFiveRuns_fallsBackToTheRunsOwnInterval() throws Exception {
        PowerHistory.write(dir.resolve("history.db"), "20s", new double[] {10, 11, 12, 13}, null);
        RunResult current =
                PowerHistory.run("now", 99, "20s", List.of(PowerHistory.added(12, new Interval(10, 13, 0.99), 20)));

        Detectable d = power(current).get(ADDED);

        assertThat(d.noise().source()).isEqualTo(NoiseSource.WITHIN_RUN);
        // the wider side of the interval (2 ms below the value) over z(0.99)
        assertThat(d.noise().sigma()).isCloseTo(2 / Intervals.z(0.99), within(1e-9));
        assertThat(d.describe()).contains("; within-run;");
    }

    @Test
    void historyOfAnotherLength_isScaledByOneOverRootOfTheLengthRatio() throws Exception {
        PowerHistory.write(dir.resolve("history.db"), "20s", ADDED_MS, null);
        RunResult current =
                PowerHistory.run("now", 99, "80s", List.of(PowerHistory.added(12, new Interval(11.5, 12.5, 0.99), 80)));

        Detectable d = power(current).get(ADDED);

        assertThat(d.noise().source()).isEqualTo(NoiseSource.HISTORY_SCALED);
        assertThat(d.noise().sigma()).isCloseTo(SIGMA / 2, within(1e-9));
        assertThat(d.describe()).contains("; history, scaled, 6 runs;");
    }

    @Test
    void anotherMachinesRuns_doNotCount() throws Exception {
        PowerHistory.write(dir.resolve("history.db"), "20s", ADDED_MS, null);
        RunResult elsewhere = new RunResult(
                "now",
                java.time.Instant.parse("2026-12-06T12:00:00Z"),
                new java.util.TreeMap<>(
                        Map.of("cpu.model", "Other CPU", "target.kind", "emulator", "settings.gate.duration", "20s")),
                List.of(PowerHistory.added(12, null, 20)),
                dev.ollamaperf.reports.metric.RunStatus.VALID,
                List.of());

        Detectable d = power(elsewhere).get(ADDED);

        assertThat(d.knownNoise()).isEmpty();
        assertThat(d.mdr()).isNaN();
        assertThat(d.describe())
                .isEqualTo(ADDED + " unknown (no history of comparable runs and no interval in this run)");
    }

    @Test
    void jmhScores_poolEveryLength_andAddTheTolerance() throws Exception {
        // one run in five saw the other JIT decision: 40 B/op instead of 16 (the MAD is 0, so the mean deviation)
        PowerHistory.write(
                dir.resolve("history.db"), "20s", new double[] {10, 11, 12, 13, 14}, new double[] {16, 16, 40, 16, 16});
        RunResult current = PowerHistory.run(
                "now",
                99,
                "60s",
                List.of(PowerHistory.added(12, null, 60), PowerHistory.alloc(16, new Interval(15.9, 16.1, 0.999))));

        Detectable d = power(current).get(ALLOC);

        double sigma = 1.2533 * 24 / 5;
        assertThat(d.noise().source()).isEqualTo(NoiseSource.HISTORY);
        assertThat(d.noise().sigma()).isCloseTo(sigma, within(1e-9));
        assertThat(d.tolerance()).isEqualTo(0.10);
        assertThat(d.mdr()).isCloseTo(0.10 * 16 + PowerCalculator.NOISE_FACTOR * sigma, within(1e-9));
        assertThat(d.headroom()).isNaN();
    }
}
