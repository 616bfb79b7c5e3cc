package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.history.HistorySpread;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Synthetic gate runs written as a real history file, and a real budget file, for the power tests. */
final class PowerHistory {

    static final String ADDED = "load.steady.llama3.2:latest.added.ttft.p50";
    static final String ALLOC = "jmh.CacheBenchmark.get_hit[payload=1024,tier=MEMORY].alloc";

    static final String BUDGETS = """
            version: 1
            budgets:
              - select: "load.*.added.ttft.p50"
                limit: <= 50 ms
                severity: fail
              - select: "jmh.*.alloc"
                tolerance: 10%
                severity: fail
            """;

    private PowerHistory() {}

    /** The flattened environment of a gate run of {@code duration} on one machine. */
    static Map<String, String> environment(String duration) {
        Map<String, String> env = new TreeMap<>(Map.of(
                "cpu.model", "Xeon",
                "cpu.cores", "2",
                "os.name", "Linux",
                "os.arch", "amd64",
                "os.version", "6.8",
                "target.kind", "emulator"));
        env.put("settings.gate.duration", duration);
        return env;
    }

    static Metric added(double ms, Interval interval, long samples) {
        return new Metric(
                ADDED,
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                ms,
                interval,
                samples,
                Statistic.percentile(50),
                null,
                "load");
    }

    static Metric alloc(double bytes, Interval interval) {
        return new Metric(
                ALLOC,
                Unit.parse("B/op"),
                Direction.LOWER_IS_BETTER,
                bytes,
                interval,
                10,
                Statistic.SCORE,
                null,
                "jmh");
    }

    static RunResult run(String id, int minute, String duration, List<Metric> metrics) {
        return new RunResult(
                id,
                Instant.parse("2026-12-06T10:00:00Z").plusSeconds(60L * minute),
                environment(duration),
                metrics,
                RunStatus.VALID,
                List.of());
    }

    /** Writes one run per value of {@code addedMs} (at {@code duration}, 20 requests each) into {@code db}. */
    static void write(Path db, String duration, double[] addedMs, double[] allocBytes) {
        try (HistoryStore store = new HistoryStore(db, HistoryStore.DEFAULT_KEEP)) {
            for (int i = 0; i < addedMs.length; i++) {
                List<Metric> metrics = new ArrayList<>(List.of(added(addedMs[i], null, 20)));
                if (allocBytes != null) {
                    metrics.add(alloc(allocBytes[i], null));
                }
                store.append(run(duration + "-" + i, i, duration, metrics), GateOutcome.PASS);
            }
        }
    }

    static Map<String, List<PastValue>> past(Path db, RunResult current) {
        try (HistoryStore store = new HistoryStore(db, HistoryStore.DEFAULT_KEEP)) {
            return new HistorySpread(HistorySpread.DEFAULT_RUNS).of(store, current.environment(), current.runId());
        }
    }

    static BudgetFile budgets(Path dir) throws IOException {
        Path file = dir.resolve("perf-budgets.yaml");
        Files.writeString(file, BUDGETS);
        return new BudgetParser().parse(file);
    }
}
