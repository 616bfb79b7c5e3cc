package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.budget.BenchmarkNames;
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
import dev.ollamaperf.reports.read.RunReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/** The fixture run folder {@code read/run1} (JMH, one load scenario with two models, server, environment) as a report. */
public final class Fixtures {

    static final String BUDGETS = String.join(
            "\n",
            "version: 1",
            "budgets:",
            "  - select: load.steady.*.ttft.p95",
            "    limit: <= 1500 ms",
            "    tolerance: +10%",
            "  - select: load.steady.errors.ratio",
            "    limit: <= 0.01",
            "    reason: fewer than 1% errors",
            "  - select: jmh.*.alloc",
            "    limit: <= 2048 B/op",
            "");

    /** The peer libraries' JMH rows, as the shipped budget file excludes them. */
    static final String PEERS =
            "[\"jmh.*=JACKSON*\", \"jmh.*=LEAN*\", \"jmh.*=OLLAMA4J*\", \"jmh.*=LANGCHAIN4J*\", \"jmh.*_jacksonBaseline*\", "
                    + "\"jmh.*_ollama4j*\"]";

    /** A first run's budgets: a broken limit, a broken warn limit, a kept limit, and tolerances that need a baseline. */
    static final String FIRST_RUN_BUDGETS = String.join(
            "\n",
            "version: 1",
            "budgets:",
            "  - select: load.steady.errors.ratio",
            "    limit: <= 0.01",
            "    reason: fewer than 1% errors",
            "  - select: server.*.memory.bytes",
            "    limit: <= 3 GB",
            "    severity: warn",
            "  - select: load.steady.*.ttft.p95",
            "    limit: <= 60 s",
            "    tolerance: +10%",
            "  - select: \"jmh.*.alloc\"",
            "    exclude: " + PEERS,
            "    tolerance: 10%",
            "  - select: \"jmh.*.time\"",
            "    exclude: " + PEERS,
            "    tolerance: 25%",
            "    severity: warn",
            "");

    private Fixtures() {}

    /** Copies the fixture run folder into {@code target} and returns it. */
    public static Path copyRun(Path target) {
        try {
            Path source = Path.of(Fixtures.class
                    .getResource("/dev/ollamaperf/reports/read/run1")
                    .toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A seeded run with three models in one scenario (TTFT, inter-token and end-to-end histograms: a floor plus
     * an exponential tail, drawn from {@code Random(11)}), two JMH benchmarks and their memory, no baseline.
     */
    static RunResult threeModels() {
        java.util.Random random = new java.util.Random(11);
        List<Metric> metrics = new ArrayList<>();
        String[] models = {"llama3.2:latest", "gemma2:latest", "mistral:7b"};
        for (int i = 0; i < models.length; i++) {
            String prefix = "load.chat." + models[i] + ".";
            hist(metrics, prefix + "ttft", random, 150e6 * (i + 1), 120e6 * (i + 1), 800);
            hist(metrics, prefix + "inter_token", random, 15e6 + 8e6 * i, 4e6, 20_000);
            hist(metrics, prefix + "e2e", random, 1.5e9 + 0.6e9 * i, 0.5e9, 800);
            metrics.add(Metric.of(
                    "server." + models[i] + ".memory.bytes",
                    Unit.BYTES,
                    Direction.LOWER_IS_BETTER,
                    2.0e9 + 2.2e9 * i,
                    "server"));
        }
        metrics.add(new Metric(
                "load.chat.throughput.rps",
                Unit.REQUESTS_PER_SECOND,
                Direction.HIGHER_IS_BETTER,
                7.9,
                new Interval(7.2, 8.6, 0.99),
                2400,
                Statistic.RATE,
                null,
                "load"));
        metrics.add(new Metric(
                "jmh.CacheBenchmark.get_memoryHit[payload=1k].time",
                Unit.NANOSECONDS_PER_OP,
                Direction.LOWER_IS_BETTER,
                48.2,
                new Interval(46.7, 49.7, 0.999),
                10,
                Statistic.SCORE,
                null,
                "jmh"));
        metrics.add(new Metric(
                "jmh.CacheBenchmark.get_diskHit[payload=64k].time",
                Unit.NANOSECONDS_PER_OP,
                Direction.LOWER_IS_BETTER,
                152.0,
                new Interval(140, 164, 0.999),
                10,
                Statistic.SCORE,
                null,
                "jmh"));
        Map<String, String> env = new TreeMap<>(Map.of(
                "git.commit",
                "abc1234",
                "target.kind",
                "emulator",
                "load.chat.injection.model",
                "open",
                "load.chat.injection.target_rps",
                "8",
                "load.chat.injection.achieved_rps",
                "7.95",
                "load.chat.injection.users",
                "12",
                "load.chat.window.seconds",
                "300"));
        return new RunResult(
                "three-models", Instant.parse("2026-11-26T10:00:00Z"), env, metrics, RunStatus.VALID, List.of());
    }

    private static void hist(
            List<Metric> out, String name, java.util.Random random, double floorNs, double tailNs, int n) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue((long) (floorNs - Math.log(1 - random.nextDouble()) * tailNs));
        }
        EncodedHistogram e = EncodedHistogram.encode(h, Unit.NANOSECONDS);
        for (double p : new double[] {50, 90, 95, 99, 99.9}) {
            out.add(HistogramMetrics.of(
                    name + ".p" + dev.ollamaperf.reports.metric.Numbers.plain(p),
                    Unit.MILLISECONDS,
                    Direction.LOWER_IS_BETTER,
                    Statistic.percentile(p),
                    e,
                    "load"));
        }
    }

    /**
     * A project's first gate run: the fixture run plus every row of the JMH suite (ours and the peers'), judged
     * against {@link #FIRST_RUN_BUDGETS} without a baseline, so every tolerance check is skipped.
     */
    static Report firstRunReport(Path runDir) {
        RunResult read = new RunReader().read(runDir);
        List<Metric> metrics = new ArrayList<>(read.metrics());
        List<String> suite = new ArrayList<>(BenchmarkNames.OURS);
        suite.addAll(BenchmarkNames.PEERS);
        for (int i = 0; i < suite.size(); i++) {
            double ns = 800 + 37.0 * i;
            metrics.add(new Metric(
                    suite.get(i) + ".time",
                    Unit.NANOSECONDS_PER_OP,
                    Direction.LOWER_IS_BETTER,
                    ns,
                    new Interval(ns * 0.97, ns * 1.03, 0.999),
                    5,
                    Statistic.SCORE,
                    null,
                    "jmh"));
            metrics.add(new Metric(
                    suite.get(i) + ".alloc",
                    Unit.BYTES_PER_OP,
                    Direction.LOWER_IS_BETTER,
                    16.0 * (i + 1),
                    new Interval(16.0 * (i + 1) - 0.01, 16.0 * (i + 1) + 0.01, 0.999),
                    5,
                    Statistic.SCORE,
                    null,
                    "jmh"));
        }
        RunResult run = new RunResult(
                read.runId(),
                read.timestamp(),
                read.environment(),
                metrics,
                read.status(),
                read.reasons(),
                read.timeSeries());
        BudgetFile budgets = new BudgetParser().parse(Path.of("perf-budgets.yaml"), FIRST_RUN_BUDGETS);
        return new RunJudge().judge(run, null, budgets);
    }

    /** The fixture run judged against the budgets above, with itself as the baseline. */
    static Report runReport(Path runDir) {
        RunResult run = new RunReader().read(runDir);
        BudgetFile budgets = new BudgetParser().parse(Path.of("perf-budgets.yaml"), BUDGETS);
        return new RunJudge().judge(run, run, budgets);
    }
}
