package dev.ollamaperf.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.budget.Limit;
import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.gate.GateVerdict;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.power.Detectable;
import dev.ollamaperf.reports.power.Noise;
import dev.ollamaperf.reports.power.NoiseSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The terminal's "The gate detects" lines: load metrics first, at most {@link TerminalSummary#POWER_LINES}. */
@Timeout(30)
final class TerminalPowerTest {

    private static String print(List<Detectable> power) {
        RunResult run = new RunResult(
                "r", Instant.parse("2026-12-06T10:00:00Z"), Map.of(), List.of(), RunStatus.VALID, List.of());
        Report report = new Report(
                        run,
                        "perf-budgets.yaml",
                        List.of(),
                        null,
                        new GateVerdict(GateOutcome.PASS, List.of(), List.of()))
                .withPower(power);
        StringWriter text = new StringWriter();
        new TerminalSummary(new PrintWriter(text)).print(report, Path.of("index.html"), "not written");
        return text.toString();
    }

    private static Detectable jmh(int i) {
        return new Detectable(
                "jmh.B.m" + i + ".alloc",
                Unit.BYTES_PER_OP,
                Direction.LOWER_IS_BETTER,
                16,
                new Noise(0.5, NoiseSource.HISTORY, 7),
                0.10,
                null,
                1.6 + 4.48 * 0.5,
                Double.NaN);
    }

    @Test
    void loadMetricsComeFirst_withSourceAndHeadroom() {
        Detectable added = new Detectable(
                "load.steady.m.added.ttft.p50",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                12,
                new Noise(1.25, NoiseSource.HISTORY, 12),
                null,
                Limit.parse("<= 50 ms"),
                5.6,
                30.4);
        Detectable hit = new Detectable(
                "load.cache_hit.m.ttft.p50",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                6,
                new Noise(0.25, NoiseSource.WITHIN_RUN, 0),
                null,
                Limit.parse("<= 50 ms"),
                1.12,
                176);

        String out = print(List.of(jmh(1), added, hit));

        assertThat(out).contains("""

                        The gate detects (80% power, 1% false alarms; docs/power.md):
                          load.steady.m.added.ttft.p50 +5.6 ms (+47%; history, 12 runs; 30 sd inside limit <= 50 ms)
                          load.cache_hit.m.ttft.p50 +1.12 ms (+19%; within-run; 180 sd inside limit <= 50 ms)
                          jmh.B.m1.alloc +3.84 B/op (+24%; history, 7 runs)
                        """);
    }

    @Test
    void manyMetrics_areCutAtTheLimit_withWhereTheRestAre() {
        List<Detectable> power = new ArrayList<>();
        for (int i = 0; i < TerminalSummary.POWER_LINES + 3; i++) {
            power.add(jmh(i));
        }

        String out = print(power);

        assertThat(out)
                .contains("jmh.B.m11.alloc")
                .doesNotContain("jmh.B.m12.alloc")
                .contains("  (3 more in summary.md)");
    }

    @Test
    void aHigherIsBetterMetric_regressesDownwards() {
        Detectable tps = new Detectable(
                "load.steady.m.output_tps.mean",
                Unit.parse("tokens/s"),
                Direction.HIGHER_IS_BETTER,
                9,
                new Noise(0.5, NoiseSource.WITHIN_RUN, 0),
                null,
                null,
                2.24,
                Double.NaN);

        assertThat(print(List.of(tps))).contains("  load.steady.m.output_tps.mean -2.24 tokens/s (-25%; within-run)\n");
    }

    @Test
    void noBudgets_noSection() {
        assertThat(print(List.of())).doesNotContain("The gate detects");
    }
}
