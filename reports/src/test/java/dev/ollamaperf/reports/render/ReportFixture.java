package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.gate.RunJudge;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.HistogramMetrics;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.power.PowerCalculator;
import dev.ollamaperf.results.TimeSeries;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * A fixed report built from seeded data: a baseline and a current run (TTFT histograms: 300 ms plus an exponential tail, drawn from
 * {@code Random(7)} and {@code Random(8)}, the current one 30% slower), JMH scores, ratios and memory,
 * judged against a budget file with a broken limit, a regression, a warning and a skipped check.
 */
final class ReportFixture {

    static final String BUDGETS = String.join(
            "\n",
            "version: 1",
            "budgets:",
            "  - select: load.steady.*.ttft.p95",
            "    limit: <= 1500 ms",
            "    tolerance: +10%",
            "    reason: TTFT objective | chat screen",
            "  - select: load.steady.errors.ratio",
            "    limit: <= 0.01",
            "  - select: jmh.*.alloc",
            "    limit: <= 2048 B/op",
            "    tolerance: 5%",
            "  - select: server.*.memory.bytes",
            "    limit: <= 3 GB",
            "    severity: warn",
            "    reason: fits a small <node> & more",
            "  - select: load.steady.new_metric.count",
            "    tolerance: 10%",
            "");

    private ReportFixture() {}

    static Report report() {
        BudgetFile budgets = new BudgetParser().parse(Path.of("perf-budgets.yaml"), BUDGETS);
        RunResult baseline = run("base-run", Instant.parse("2026-11-25T10:00:00Z"), 7, 1.0, 48.2, 0.004, false);
        RunResult current = run("current-run", Instant.parse("2026-11-26T10:00:00Z"), 8, 1.3, 49.0, 0.02, true);
        // no history: every budgeted metric's noise is its own interval's, or unknown without one
        return new RunJudge()
                .judge(current, baseline, budgets)
                .withPower(new PowerCalculator().of(budgets, current, Map.of()));
    }

    private static RunResult run(
            String id, Instant at, long seed, double slowdown, double jmhNs, double errors, boolean withNew) {
        Random random = new Random(seed);
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < 2_000; i++) {
            // 300 ms floor plus an exponential tail of mean 400 ms, stretched by the slowdown
            ttft.recordValue(300_000_000L + (long) (-Math.log(1 - random.nextDouble()) * 400e6 * slowdown));
        }
        EncodedHistogram h = EncodedHistogram.encode(ttft, Unit.NANOSECONDS);
        List<Metric> metrics = new java.util.ArrayList<>(List.of(
                HistogramMetrics.of(
                        "load.steady.llama3.2:latest.ttft.p95",
                        Unit.MILLISECONDS,
                        Direction.LOWER_IS_BETTER,
                        Statistic.percentile(95),
                        h,
                        "load"),
                new Metric(
                        "load.steady.errors.ratio",
                        Unit.RATIO,
                        Direction.LOWER_IS_BETTER,
                        errors,
                        new Interval(errors / 2, errors * 2, 0.99),
                        2_000,
                        Statistic.RATIO,
                        null,
                        "load"),
                new Metric(
                        "jmh.CacheBenchmark.get_memoryHit[payload=1k].time",
                        Unit.NANOSECONDS_PER_OP,
                        Direction.LOWER_IS_BETTER,
                        jmhNs,
                        new Interval(jmhNs - 1.5, jmhNs + 1.5, 0.999),
                        10,
                        Statistic.SCORE,
                        null,
                        "jmh"),
                new Metric(
                        "jmh.CacheBenchmark.get_memoryHit[payload=1k].alloc",
                        Unit.BYTES_PER_OP,
                        Direction.LOWER_IS_BETTER,
                        64.0,
                        new Interval(63.99, 64.01, 0.999),
                        10,
                        Statistic.SCORE,
                        null,
                        "jmh"),
                Metric.of(
                        "server.llama3.2:latest.memory.bytes",
                        Unit.BYTES,
                        Direction.LOWER_IS_BETTER,
                        3_320_000_000L,
                        "server")));
        if (withNew) {
            metrics.add(new Metric(
                    "load.steady.new_metric.count",
                    Unit.COUNT,
                    Direction.HIGHER_IS_BETTER,
                    5,
                    null,
                    5,
                    Statistic.COUNT,
                    null,
                    "load"));
        }
        return new RunResult(
                id,
                at,
                Map.of(
                        "git.commit",
                        "abc1234",
                        "jvm.version",
                        "17.0.12",
                        "load.steady.injection.model",
                        "closed",
                        "load.steady.injection.users",
                        "4"),
                metrics,
                RunStatus.VALID,
                List.of(),
                Map.of("steady", series(at, random)));
    }

    /**
     * 30 one-second buckets of a closed model with 4 users: 2 or 3 requests end per second and their users send
     * again at once, TTFT drifts upwards, one request fails.
     */
    private static TimeSeries series(Instant at, Random random) {
        List<TimeSeries.Point> points = new java.util.ArrayList<>();
        long active = 0;
        for (int i = 0; i < 30; i++) {
            long started = i == 29 ? 0 : 4 - active; // every free user sends again; none in the last bucket
            long ended = i == 29 ? active : 2 + random.nextInt(2);
            long errors = i == 12 ? 1 : 0;
            long max = active + started;
            active = active + started - ended;
            long p50 = 300_000_000L + i * 5_000_000L + random.nextInt(20_000_000);
            points.add(new TimeSeries.Point(
                    i * 1_000L,
                    started,
                    ended - errors,
                    errors,
                    (ended - errors) * 48,
                    max,
                    active,
                    p50,
                    p50 + 150_000_000L));
        }
        return new TimeSeries(1_000, at.toString(), points);
    }
}
