package dev.ollamaperf.reports.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history baseline of a JMH score holds every stored run's value: each quick-mode run is one JVM fork, and one
 * fork in five read 40 B/op where the others read 16, each with a tight interval. A later fork at 40 is then inside
 * the baseline's noise; 60 is still a regression.
 */
@Timeout(60)
final class HistoryBaselineForksTest {

    private static final String ALLOC = "jmh.CacheBenchmark.get_hit[payload=1024,tier=MEMORY].alloc";
    private static final Map<String, String> MACHINE =
            Map.of("cpu.model", "Xeon", "cpu.cores", "2", "target.kind", "emulator");

    @TempDir
    Path dir;

    private static RunResult run(String id, int minute, double bytes) {
        Metric alloc = new Metric(
                ALLOC,
                Unit.BYTES_PER_OP,
                Direction.LOWER_IS_BETTER,
                bytes,
                new Interval(bytes - 0.1, bytes + 0.1, 0.999),
                5,
                Statistic.SCORE,
                null,
                "jmh");
        return new RunResult(
                id,
                Instant.parse("2026-12-06T10:00:00Z").plusSeconds(60L * minute),
                MACHINE,
                List.of(alloc),
                RunStatus.VALID,
                List.of());
    }

    private Change judge(double now) {
        try (HistoryStore store = new HistoryStore(dir.resolve("history.db"), 50)) {
            double[] forks = {16, 16, 40, 16, 16};
            for (int i = 0; i < forks.length; i++) {
                store.append(run("r" + i, i, forks[i]), GateOutcome.PASS);
            }
            RunResult current = run("now", 10, now);
            RunResult baseline = new HistoryBaseline(5).of(store, current).orElseThrow();
            assertThat(baseline.metric(ALLOC).orElseThrow().uncertainty()).isEqualTo(new Interval(15.9, 40, 0.999));
            return BaselineComparator.classify(
                            baseline.metric(ALLOC).orElseThrow(),
                            current.metric(ALLOC).orElseThrow(),
                            0.10)
                    .change();
        }
    }

    @Test
    void aForkAtTheOtherJitDecision_isInsideTheBaselinesNoise() {
        assertThat(judge(40)).isNotEqualTo(Change.REGRESSED);
    }

    @Test
    void aRealRegression_isStillOne() {
        assertThat(judge(60)).isEqualTo(Change.REGRESSED);
    }
}
