package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.read.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgeted benchmarks whose forks disagreed in the history run with 3 forks: a history of five runs of this machine
 * in which one fork of {@code CacheBenchmark.get_memoryHit} read 90 B/op where the others read 64 (beyond the 10%
 * tolerance) makes the gate run that method apart, with {@code -f 3}, and merge its results into the suite's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GateForksTest {

    private static final String REGEX = "\\.CacheBenchmark\\.get_memoryHit$";

    @TempDir
    Path dir;

    private PerfHarness perf;
    private Path budgets;
    private Path history;

    @BeforeEach
    void checkout() throws IOException {
        perf = new PerfHarness(dir.resolve("checkout"));
        budgets = dir.resolve("budgets.yaml");
        Files.writeString(budgets, "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    tolerance: 10%\n");
        history = dir.resolve("history.db");
    }

    /** Five runs like the fake children's, on this machine, whose memory-hit allocation read 64, 64, 90, 64, 64. */
    private void historyWithAForkSwing() {
        assertThat(perf.run("gate", "--run", dir.resolve("first").toString(), "--no-history", "--scenarios", "steady"))
                .as(perf.output())
                .isZero();
        RunResult first = new RunReader().read(dir.resolve("first"));
        double[] alloc = {64, 64, 90, 64, 64};
        try (HistoryStore store = new HistoryStore(history, HistoryStore.DEFAULT_KEEP)) {
            for (int i = 0; i < alloc.length; i++) {
                double bytes = alloc[i];
                List<Metric> metrics = first.metrics().stream()
                        .map(m -> m.name().startsWith("jmh.CacheBenchmark.get_memoryHit")
                                        && m.name().endsWith(".alloc")
                                ? m.withValue(bytes, null, m.samples(), null)
                                : m)
                        .toList();
                store.append(
                        new RunResult(
                                "past-" + i,
                                Instant.parse("2026-11-20T00:00:00Z").plusSeconds(i),
                                first.environment(),
                                metrics,
                                first.status(),
                                first.reasons()),
                        GateOutcome.PASS);
            }
        }
    }

    @Test
    void aBenchmarkWhoseForksDisagreed_runsApartWithThreeForks_andJoinsTheResults() throws IOException {
        historyWithAForkSwing();
        Path run = dir.resolve("run");

        int status = perf.run(
                "gate",
                "--run",
                run.toString(),
                "--budgets",
                budgets.toString(),
                "--history",
                history.toString(),
                "--scenarios",
                "steady");

        assertThat(status).as(perf.output()).isZero();
        List<FakeChild> jmh = perf.children().started().stream()
                .filter(c -> c.spec().name().equals("jmh"))
                .filter(c -> c.commandLine().contains(run.toString()))
                .toList();
        assertThat(jmh)
                .as("the first gate's JMH made the history; this gate's two")
                .hasSize(2);
        assertThat(jmh.get(0).spec().command()).containsSubsequence("--run", run.toString(), "--", "-e", REGEX);
        assertThat(jmh.get(1).spec().command())
                .containsSubsequence("--run", run.resolve("jmh-forks").toString(), "--include", REGEX, "--", "-f", "3");
        assertThat(perf.out())
                .contains("with 3 forks for the budgeted benchmarks whose forks disagreed in the history");
        String merged = Files.readString(run.resolve("jmh/results.json"));
        assertThat(merged.split("\"benchmark\"", -1))
                .as("each benchmark once, the forked one from the forked run")
                .hasSize(3);
    }

    @Test
    void aHistoryWithoutSwings_runsTheSuiteOnce() {
        int status = perf.run(
                "gate",
                "--run",
                dir.resolve("run").toString(),
                "--budgets",
                budgets.toString(),
                "--history",
                history.toString(),
                "--scenarios",
                "steady");

        assertThat(status).as(perf.output()).isZero();
        assertThat(perf.children().names()).containsExactly("target-check", "jmh", "steady");
    }
}
