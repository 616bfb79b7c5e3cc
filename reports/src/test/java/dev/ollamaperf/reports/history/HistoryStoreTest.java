package dev.ollamaperf.reports.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite history on a real file: transactions, retention, schema version, baseline rule, trends. */
@Timeout(60)
final class HistoryStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, String> MACHINE = Map.of(
            "cpu.model",
            "Xeon",
            "cpu.cores",
            "2",
            "os.name",
            "Linux",
            "os.arch",
            "amd64",
            "os.version",
            "6.8",
            "target.kind",
            "emulator",
            "git.commit",
            "abc");

    @TempDir
    Path dir;

    @Test
    void append_thenRead_roundTripsRunsMetricsAndTrend() {
        try (HistoryStore store = new HistoryStore(dir.resolve("history.db"), 10, CLOCK, name -> {})) {
            store.append(run("r1", 1, 100, RunStatus.VALID, MACHINE), GateOutcome.PASS);
            store.append(run("r2", 2, 110, RunStatus.VALID, MACHINE), GateOutcome.FAIL);

            assertThat(store.runs(10))
                    .extracting(HistoryRun::runId, HistoryRun::verdict, HistoryRun::metrics)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("r1", "PASS", 2),
                            org.assertj.core.groups.Tuple.tuple("r2", "FAIL", 2));
            assertThat(store.runs(1)).extracting(HistoryRun::runId).containsExactly("r2");
            assertThat(store.trend("load.s.m.ttft.p95", 10))
                    .extracting(TrendPoint::value)
                    .containsExactly(100.0, 110.0);
            assertThat(store.trend("load.s.m.ttft.p95", 10).get(0).interval()).isEqualTo(new Interval(90, 110, 0.99));
            assertThat(store.runs(10).get(0).fingerprint())
                    .isEqualTo(MachineFingerprint.of(MACHINE))
                    .hasSize(12);
        }
    }

    @Test
    void append_failureInsideTransaction_leavesEarlierHistoryIntact() throws Exception {
        Path file = dir.resolve("history.db");
        try (HistoryStore store = new HistoryStore(file, 10, CLOCK, name -> {})) {
            store.append(run("r1", 1, 100, RunStatus.VALID, MACHINE), GateOutcome.PASS);
        }
        // fails after the first metric row of r2 (and its histogram) has been written
        HistoryStore.WriteListener failing = name -> {
            throw new SQLException("simulated crash after writing " + name);
        };
        try (HistoryStore store = new HistoryStore(file, 10, CLOCK, failing)) {
            assertThatThrownBy(() -> store.append(run("r2", 2, 110, RunStatus.VALID, MACHINE), GateOutcome.PASS))
                    .isInstanceOf(HistoryException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("r2");
        }
        try (HistoryStore store = new HistoryStore(file, 10, CLOCK, name -> {})) {
            assertThat(store.runs(10)).extracting(HistoryRun::runId).containsExactly("r1");
            assertThat(store.trend("load.s.m.ttft.p95", 10))
                    .extracting(TrendPoint::value)
                    .containsExactly(100.0);
        }
        assertThat(count(file, "SELECT COUNT(*) FROM distributions")).isEqualTo(1);
        assertThat(count(file, "SELECT COUNT(*) FROM environment")).isEqualTo(MACHINE.size());
    }

    @Test
    void append_beyondRetention_keepsTheLatestRunsAndTheirRowsOnly() throws Exception {
        Path file = dir.resolve("history.db");
        try (HistoryStore store = new HistoryStore(file, 3, CLOCK, name -> {})) {
            for (int i = 1; i <= 5; i++) {
                store.append(run("r" + i, i, 100 + i, RunStatus.VALID, MACHINE), GateOutcome.PASS);
            }
            assertThat(store.runs(10)).extracting(HistoryRun::runId).containsExactly("r3", "r4", "r5");
        }
        assertThat(count(file, "SELECT COUNT(*) FROM metrics")).isEqualTo(3 * 2);
        assertThat(count(file, "SELECT COUNT(*) FROM distributions")).isEqualTo(3);
        assertThat(count(file, "PRAGMA user_version")).isEqualTo(HistoryStore.SCHEMA_VERSION);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void append_sameRunIdTwice_replacesTheRun() {
        try (HistoryStore store = new HistoryStore(dir.resolve("history.db"), 10, CLOCK, name -> {})) {
            store.append(run("r1", 1, 100, RunStatus.VALID, MACHINE), GateOutcome.PASS);
            store.append(run("r1", 1, 120, RunStatus.VALID, MACHINE), GateOutcome.PASS);

            assertThat(store.trend("load.s.m.ttft.p95", 10))
                    .extracting(TrendPoint::value)
                    .containsExactly(120.0);
        }
    }

    @Test
    void open_notADatabase_namesTheFile() throws Exception {
        Path file = Files.writeString(
                dir.resolve("history.db"), "this is not sqlite, just text that is long enough to be read");

        assertThatThrownBy(() -> new HistoryStore(file, 10))
                .isInstanceOf(HistoryException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("not a readable history database");
    }

    @Test
    void open_newerSchemaVersion_isRefused() throws Exception {
        Path file = dir.resolve("history.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("PRAGMA user_version=99");
        }

        assertThatThrownBy(() -> new HistoryStore(file, 10))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("schema version 99 is newer");
    }

    @Test
    void baseline_medianOfLastValidRunsOnSameMachineAndTarget_ignoresTheRest() {
        Map<String, String> otherMachine = new java.util.HashMap<>(MACHINE);
        otherMachine.put("cpu.model", "Epyc");
        Map<String, String> otherTarget = new java.util.HashMap<>(MACHINE);
        otherTarget.put("target.kind", "ollama");
        try (HistoryStore store = new HistoryStore(dir.resolve("history.db"), 50, CLOCK, name -> {})) {
            store.append(run("old", 1, 500, RunStatus.VALID, MACHINE), GateOutcome.PASS); // beyond K=3
            store.append(run("a", 2, 100, RunStatus.VALID, MACHINE), GateOutcome.PASS);
            store.append(run("b", 3, 130, RunStatus.VALID, MACHINE), GateOutcome.PASS);
            store.append(run("invalid", 4, 900, RunStatus.INVALID, MACHINE), GateOutcome.FAIL);
            store.append(run("failed", 5, 900, RunStatus.VALID, MACHINE), GateOutcome.FAIL);
            store.append(run("elsewhere", 6, 900, RunStatus.VALID, otherMachine), GateOutcome.PASS);
            store.append(run("real-ollama", 7, 900, RunStatus.VALID, otherTarget), GateOutcome.PASS);
            store.append(run("c", 8, 110, RunStatus.VALID, MACHINE), GateOutcome.PASS);
            RunResult current = run("now", 9, 200, RunStatus.VALID, MACHINE);
            store.append(current, GateOutcome.PASS);

            RunResult baseline = new HistoryBaseline(3).of(store, current).orElseThrow();

            assertThat(baseline.environment().get("history.runs")).isEqualTo("c,b,a");
            Metric p95 = baseline.metric("load.s.m.ttft.p95").orElseThrow();
            assertThat(p95.value()).isEqualTo(110.0);
            assertThat(p95.uncertainty())
                    .isEqualTo(new Interval(99, 121, 0.99)); // medians of 90/117/99 and 110/143/121
            Metric jmh = baseline.metric("jmh.B.m.time").orElseThrow();
            assertThat(jmh.value()).isEqualTo(11.0);
            assertThat(jmh.uncertainty()).isEqualTo(new Interval(10, 13, 0.75)); // range of 3 exact values
            assertThat(new BaselineComparator(n -> 0.10)
                            .compare(baseline, current)
                            .metric("load.s.m.ttft.p95")
                            .orElseThrow()
                            .change())
                    .isEqualTo(Change.REGRESSED);
        }
    }

    @Test
    void baseline_noMatchingRun_isEmpty() {
        try (HistoryStore store = new HistoryStore(dir.resolve("history.db"), 50, CLOCK, name -> {})) {
            RunResult current = run("now", 9, 200, RunStatus.VALID, MACHINE);
            store.append(current, GateOutcome.PASS);

            assertThat(new HistoryBaseline(5).of(store, current)).isEmpty();
        }
    }

    /** A run with a latency p95 (interval +-10%, with a histogram) and an exact JMH score of value/10. */
    static RunResult run(String id, int hour, double p95, RunStatus status, Map<String, String> env) {
        Histogram h = new Histogram(3);
        h.recordValue((long) (p95 * 1_000_000));
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric(
                "load.s.m.ttft.p95",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                p95,
                new Interval(p95 - p95 / 10, p95 + p95 / 10, 0.99),
                100,
                Statistic.percentile(95),
                EncodedHistogram.encode(h, Unit.NANOSECONDS),
                "load"));
        metrics.add(Metric.of("jmh.B.m.time", Unit.NANOSECONDS_PER_OP, Direction.LOWER_IS_BETTER, p95 / 10, "jmh"));
        return new RunResult(
                id,
                Instant.parse("2026-11-26T00:00:00Z").plusSeconds(3600L * hour),
                env,
                metrics,
                status,
                status == RunStatus.VALID ? List.of() : List.of("missed its rate"));
    }

    private static long count(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
