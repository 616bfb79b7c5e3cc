package dev.ollamaperf.emulator.bench;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.EngineStats;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Capacity benchmark of the emulator's timing: how far from the profile's schedule do tokens
 * arrive when 10, 100 and 1,000 streams run at once on this machine?
 *
 * <p>Setup: one in-process emulator (127.0.0.1), profile {@code bench:latest} with no jitter and
 * no batching penalty (serial fraction 0), so every stream should see one token exactly every
 * {@value #INTERVAL_MS} ms; {@code numParallel} = the number of streams, so nobody queues. The
 * client is {@link LineArrivalClient}: one thread, raw sockets, a byte scan for line ends, a
 * timestamp per read; it shares the machine with the emulator, so what delay it still adds is part
 * of (a), and the CPU column (per thread group, {@link ThreadCpu}) shows how much of the machine the
 * client took compared with the emulator's event loops and timer; the GC column ({@link GcPauses})
 * counts the collections that paused both, and the load column is the machine's 1-minute load
 * average when the level ended (other processes on the same cores delay every thread here).
 *
 * <ul>
 *   <li>(a) client-observed error of token k: its arrival minus (first token's arrival + k x
 *       interval), absolute value, over every token after the first of every stream (in a steady level, every
 *       such token that arrived in the timed seconds);</li>
 *   <li>(a') the same arrivals measured against the stream's own best anchor: token k's arrival
 *       minus k x interval minus the smallest such value over the stream's tokens, so that a
 *       late first token does not make every later one look early;</li>
 *   <li>(b) the engine's own lateness (time handed to the HTTP layer minus time due), from
 *       {@code EngineStats.schedulingLateness()} over the same level or seconds.</li>
 * </ul>
 * A run that loses a stream or a token prints a WARNING and exits 1 (style rule 19).
 *
 * <p>Two kinds of level:
 * <ul>
 *   <li><b>steady</b> (the default): N users in a closed loop, as a load test's: they start evenly over one
 *       stream's length (a ramp, so that streams start and end at every phase of the token period; all at once, the
 *       restarts stayed in cohorts of about 30, and one pause that delayed a cohort's first tokens moved the anchor of
 *       1,000 timed tokens), and each connection sends its request again as soon as its stream ends, for
 *       {@value #SETTLE_PROPERTY} seconds (default {@value #DEFAULT_SETTLE})
 *       and then {@value #MEASURE_PROPERTY} more (default {@value #DEFAULT_MEASURE}); only the tokens that arrive in
 *       those last seconds are timed, and the CPU, GC and engine columns cover the same seconds
 *       ({@link MeasuredWindow}). So the level measures streams coming and going at N at once with the JIT settled,
 *       as the emulator serves a load run after its first seconds; the settle time is the warm-up (as in the load
 *       harness's own capacity benchmark).</li>
 *   <li><b>burst</b> ({@code -Dscheduling.settle=0}): N requests at once on a fresh level, one stream each, every
 *       token timed: the start of a run, with the request burst and, after {@value #WARMUPS_PROPERTY} warm-up levels
 *       (default 1 in this mode), the JIT still compiling the request path.</li>
 * </ul>
 * Warm-up levels ({@value #WARMUPS_PROPERTY}, default 0 for steady levels) run at the highest N first and are not
 * reported.
 *
 * <p>HOW TO RUN: {@code ./mvnw -B -q -pl emulator test-compile exec:exec@scheduling-benchmark}, in a JVM of its
 * own (other levels: {@code -Dexec.args="10 100 1000"}; burst levels:
 * {@code -Dbench.jvm="-Dscheduling.settle=0"}).
 */
public final class SchedulingErrorBenchmark {

    private static final long INTERVAL_MS = 50;
    private static final int TOKENS = 40;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final String WARMUPS_PROPERTY = "scheduling.warmups";
    static final String SETTLE_PROPERTY = "scheduling.settle";
    static final String MEASURE_PROPERTY = "scheduling.measure";
    static final int DEFAULT_SETTLE = 15;
    static final int DEFAULT_MEASURE = 10;

    private final PrintStream out;
    private final int warmups;
    private final long settleNanos;
    private final long measureNanos;

    /**
     * @param warmups        warm-up levels at the highest N
     * @param settleSeconds  how long a steady level runs before its tokens are timed; 0: burst levels
     * @param measureSeconds how long a steady level's tokens are timed
     */
    SchedulingErrorBenchmark(PrintStream out, int warmups, int settleSeconds, int measureSeconds) {
        if (warmups < 0) {
            throw new IllegalArgumentException("'" + WARMUPS_PROPERTY + "' must be 0 or more, got: " + warmups);
        }
        if (settleSeconds < 0) {
            throw new IllegalArgumentException(
                    "'" + SETTLE_PROPERTY + "' must be 0 (burst levels) or more seconds, got: " + settleSeconds);
        }
        if (measureSeconds < 1) {
            throw new IllegalArgumentException(
                    "'" + MEASURE_PROPERTY + "' must be 1 second or more, got: " + measureSeconds);
        }
        this.out = out;
        this.warmups = warmups;
        this.settleNanos = TimeUnit.SECONDS.toNanos(settleSeconds);
        this.measureNanos = TimeUnit.SECONDS.toNanos(measureSeconds);
    }

    private boolean steady() {
        return settleNanos > 0;
    }

    /** One level's result. */
    record Result(
            int streams,
            long tokens,
            Histogram client,
            Histogram anchored,
            EngineStats.SchedulingLateness engine,
            double wallSeconds,
            ThreadCpu cpu,
            GcPauses gc,
            double loadAverage,
            int failedStreams,
            long missingTokens,
            ArrivalBreakdown breakdown) {
        boolean valid() {
            return failedStreams == 0 && missingTokens == 0;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> levels = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"10", "100", "1000"} : args) {
            levels.add(Integer.parseInt(arg));
        }
        int settle = Integer.getInteger(SETTLE_PROPERTY, DEFAULT_SETTLE);
        boolean valid = new SchedulingErrorBenchmark(
                        System.out,
                        Integer.getInteger(WARMUPS_PROPERTY, settle > 0 ? 0 : 1),
                        settle,
                        Integer.getInteger(MEASURE_PROPERTY, DEFAULT_MEASURE))
                .run(levels);
        System.exit(valid ? 0 : 1);
    }

    boolean run(List<Integer> levels) throws Exception {
        int max = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        ModelProfile profile = new ModelProfile(
                "bench:latest",
                "llama",
                "3.2B",
                "Q4_K_M",
                2_000_000_000L,
                131_072,
                0,
                Duration.ZERO,
                1_000_000,
                Duration.ZERO,
                1000.0 / INTERVAL_MS,
                0,
                0,
                TOKENS,
                0,
                List.of("completion"),
                0,
                "benchmark profile: no jitter, no batching penalty");
        EngineSettings settings = EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(profile)))
                .numParallel(max)
                .maxQueue(max * 2)
                .build();
        List<Result> results = new ArrayList<>();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(settings))) {
            out.printf(
                    Locale.ROOT,
                    "emulator %s; %d tokens per stream, one every %d ms; %s; %d warm-up level(s) of %d streams;"
                            + " JDK %s; %d cores%n",
                    emulator.baseUri(),
                    TOKENS,
                    INTERVAL_MS,
                    steady()
                            ? String.format(
                                    Locale.ROOT,
                                    "steady levels: users in a closed loop, %d s to settle, then %d s timed",
                                    TimeUnit.NANOSECONDS.toSeconds(settleNanos),
                                    TimeUnit.NANOSECONDS.toSeconds(measureNanos))
                            : "burst levels: one stream per user, all at once, every token timed",
                    warmups,
                    max,
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            for (int i = 0; i < warmups; i++) {
                level(emulator, max); // warm-up at the highest level (JIT of every path it takes); not reported
            }
            for (int streams : levels) {
                results.add(level(emulator, streams));
            }
        }
        return report(results);
    }

    private Result level(Emulator emulator, int streams) throws Exception {
        String body = "{\"model\":\"bench\",\"prompt\":\"p\",\"options\":{\"num_predict\":" + TOKENS + "}}";
        byte[] request = ("POST /api/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", emulator.port());
        long interval = TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
        long start = System.nanoTime();
        long repeatUntil = start + settleNanos + measureNanos;
        MeasuredWindow window = steady()
                ? MeasuredWindow.between(emulator, start + settleNanos, repeatUntil)
                : MeasuredWindow.fromNow(emulator);
        List<LineArrivalClient.Stream> timings = LineArrivalClient.run(
                address,
                request,
                streams,
                TOKENS + 1,
                steady() ? TOKENS * interval : 0,
                steady() ? repeatUntil : start,
                TimeUnit.SECONDS.toNanos(180) + settleNanos + measureNanos);
        MeasuredWindow.Readings measured = window.close();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        Histogram anchored = new Histogram(HIGHEST_NANOS, 3);
        long missing = 0;
        long tokens = 0;
        int failed = 0;
        for (LineArrivalClient.Stream lines : timings) {
            failed += lines.failed ? 1 : 0;
            int tokenLines = lines.lines - 1; // the last line is the final (done) chunk
            missing += Math.max(0, TOKENS - tokenLines);
            long earliestStart = Long.MAX_VALUE;
            for (int k = 0; k < tokenLines; k++) {
                earliestStart = Math.min(earliestStart, lines.arrivals[k] - k * interval);
            }
            for (int k = 1; k < tokenLines; k++) {
                if (!measured.contains(lines.arrivals[k])) { // a steady level's settle time and draining streams
                    continue;
                }
                long error = lines.arrivals[k] - (lines.arrivals[0] + k * interval);
                histogram.recordValue(Math.min(HIGHEST_NANOS, Math.abs(error)));
                anchored.recordValue(Math.min(HIGHEST_NANOS, lines.arrivals[k] - k * interval - earliestStart));
                tokens++;
            }
        }
        return new Result(
                streams,
                tokens,
                histogram,
                anchored,
                measured.engine(),
                measured.seconds(),
                measured.cpu(),
                measured.gc(),
                load,
                failed,
                missing,
                steady() ? null : new ArrivalBreakdown(timings, start, interval));
    }

    private boolean report(List<Result> results) {
        out.println();
        out.println("| streams | tokens timed | (a) client error p50 / p99 / max (ms) "
                + "| (a') client lateness, best anchor, p50 / p99 / max (ms) "
                + "| (b) engine lateness p50 / p99 / max (ms) | wall (s) "
                + "| CPU s: client / event loops / timer / rest | GC: collections / ms | load | status |");
        out.println("|---:|---:|---|---|---|---:|---|---|---:|---|");
        boolean valid = true;
        for (Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "| %d | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f "
                            + "| %.1f | %.2f / %.2f / %.2f / %.2f | %d / %d | %.1f | %s |%n",
                    r.streams(),
                    r.tokens(),
                    ms(r.client().getValueAtPercentile(50)),
                    ms(r.client().getValueAtPercentile(99)),
                    ms(r.client().getMaxValue()),
                    ms(r.anchored().getValueAtPercentile(50)),
                    ms(r.anchored().getValueAtPercentile(99)),
                    ms(r.anchored().getMaxValue()),
                    ms(r.engine().p50Nanos()),
                    ms(r.engine().p99Nanos()),
                    ms(r.engine().maxNanos()),
                    r.wallSeconds(),
                    r.cpu().clientNanos() / 1e9,
                    r.cpu().eventLoopNanos() / 1e9,
                    r.cpu().timerNanos() / 1e9,
                    r.cpu().restNanos() / 1e9,
                    r.gc().count(),
                    r.gc().millis(),
                    r.loadAverage(),
                    r.valid() ? "ok" : "FAIL");
            if (!r.valid()) {
                valid = false;
                out.printf(
                        Locale.ROOT,
                        "WARNING %d streams: %d failed streams, %d missing tokens%n",
                        r.streams(),
                        r.failedStreams(),
                        r.missingTokens());
            }
        }
        for (Result r : results) {
            if (r.breakdown() != null) { // burst levels: the first tokens of the streams against the rest
                out.println();
                r.breakdown().print(out, r.streams());
            }
        }
        return valid;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
