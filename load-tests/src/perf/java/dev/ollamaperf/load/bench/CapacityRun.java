package dev.ollamaperf.load.bench;

import dev.ollamaperf.load.protocol.OllamaApi;
import dev.ollamaperf.load.protocol.OllamaRequest;
import dev.ollamaperf.load.protocol.RequestOutcome;
import dev.ollamaperf.load.protocol.StreamObservation;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** One client at one concurrency for {@link HarnessCapacityBenchmark}: a warm-up, then the measured seconds. */
final class CapacityRun {

    static final OllamaRequest REQUEST = new OllamaRequest(
            OllamaApi.CHAT,
            "bench:latest",
            List.of(new OllamaRequest.Message("user", "count")),
            true,
            HarnessCapacityBenchmark.TOKENS,
            0,
            null);

    private final StreamClient client;
    private final URI target;
    private final int users;
    private final long scheduleNanos;
    private final LongSupplier serverCpuNanos;

    /**
     * @param scheduleNanos  zero when the server's lines carry their send times, else its token interval
     * @param serverCpuNanos the server process's CPU time so far
     */
    CapacityRun(StreamClient client, URI target, int users, long scheduleNanos, LongSupplier serverCpuNanos) {
        this.client = client;
        this.target = target;
        this.users = users;
        this.scheduleNanos = scheduleNanos;
        this.serverCpuNanos = serverCpuNanos;
    }

    Result run(long warmupNanos, long measureNanos) throws Exception {
        Lines lines = new Lines(scheduleNanos);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (StreamClient.Driver driver = client.open(target)) {
            long[] cpu = new long[8];
            long self = ProcessHandle.current().pid();
            Histogram[] lag = new Histogram[1];
            // the window opens a warm-up after the first line (Gatling takes seconds to start its users)
            Thread window = new Thread(() -> {
                try {
                    if (!lines.first.await(60, TimeUnit.SECONDS)) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.sleep(warmupNanos);
                    cpu[0] = os.getProcessCpuTime();
                    cpu[2] = serverCpuNanos.getAsLong();
                    cpu[4] = HarnessCapacityBenchmark.systemNanos(self);
                    cpu[6] = gcCount();
                    if (driver.lag() != null) {
                        driver.lag().snapshot();
                    }
                    lines.from = System.nanoTime();
                    TimeUnit.NANOSECONDS.sleep(measureNanos);
                    lines.to = System.nanoTime();
                    cpu[1] = os.getProcessCpuTime();
                    cpu[3] = serverCpuNanos.getAsLong();
                    cpu[5] = HarnessCapacityBenchmark.systemNanos(self);
                    cpu[7] = gcCount();
                    lag[0] = driver.lag() == null ? null : driver.lag().snapshot();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            window.start();
            driver.run(users, warmupNanos + measureNanos + 2_000_000_000L, lines);
            window.join();
            return new Result(
                    client,
                    users,
                    lines.to - lines.from,
                    lines,
                    lag[0],
                    cpu[1] - cpu[0],
                    cpu[5] - cpu[4],
                    cpu[3] - cpu[2],
                    cpu[7] - cpu[6]);
        }
    }

    /** The collections of this JVM so far (each a pause: the young collections of G1, the default here). */
    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /** Where the token lines go: what the harness added to each gap, and each line's delay. */
    static final class Lines {
        /** Marks the first line of an answer (nothing to pair its delay with). */
        static final long FIRST = Long.MIN_VALUE;

        /** Zero when each line carries its send time, else the server's token interval. */
        final long scheduleNanos;

        final CountDownLatch first = new CountDownLatch(1);
        volatile long from = Long.MAX_VALUE;
        volatile long to = Long.MAX_VALUE;
        final Recorder error = new Recorder(60_000_000_000L, 3);
        final Recorder delay = new Recorder(60_000_000_000L, 3);
        final AtomicLong chunks = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile String lastFailure = "";

        Lines(long scheduleNanos) {
            this.scheduleNanos = scheduleNanos;
        }

        /**
         * One token line, sent by the server at {@code sentNanos} and stamped by the harness at {@code arrivalNanos};
         * returns its delay for the next line of the same answer.
         *
         * @param previousDelay the previous line's delay in the same answer, or {@link #FIRST}
         */
        long line(long sentNanos, long arrivalNanos, long previousDelay) {
            long lineDelay = arrivalNanos - sentNanos;
            first.countDown();
            if (arrivalNanos >= from && arrivalNanos < to) {
                chunks.incrementAndGet();
                if (scheduleNanos == 0) {
                    delay.recordValue(Math.max(0, lineDelay)); // against a schedule it is not a delay
                }
                if (previousDelay != FIRST) {
                    // measured gap - the server's send gap = this line's delay - the previous one's
                    error.recordValue(Math.abs(lineDelay - previousDelay));
                }
            }
            return lineDelay;
        }

        void failed(String message) {
            failures.incrementAndGet();
            lastFailure = message;
        }
    }

    /** One closed-model user of an exchange driver. */
    static final class Stream {
        private final long end;
        private final Lines lines;
        private final Consumer<Stream> sender;
        private final CountDownLatch ended = new CountDownLatch(1);

        Stream(long end, Lines lines, Consumer<Stream> sender) {
            this.end = end;
            this.lines = lines;
            this.sender = sender;
        }

        OllamaRequest request() {
            return REQUEST;
        }

        /** An answer ended: its lines are recorded (the server's send times are its text), and the next one starts. */
        void answered(StreamObservation observation) {
            if (observation.outcome() == RequestOutcome.OK) {
                long arrival = observation.firstTokenNanos();
                long previous = Lines.FIRST;
                long[] gaps = observation.interTokenGaps();
                if (lines.scheduleNanos == 0) {
                    String[] sent = observation.answer().trim().split(" ");
                    for (int i = 0; i < sent.length; i++) {
                        if (i > 0) {
                            arrival += gaps[i - 1];
                        }
                        previous = lines.line(Long.parseLong(sent[i]), arrival, previous);
                    }
                } else {
                    // no send times: the schedule is one token every interval from the first decode step (the
                    // first gap, from prefill to that step, is not an interval and is left out)
                    for (int i = 1; i < observation.tokens(); i++) {
                        arrival += gaps[i - 1];
                        previous = lines.line((i - 1) * lines.scheduleNanos, arrival, previous);
                    }
                }
            } else {
                lines.failed(observation.outcome() + ": " + observation.message());
            }
            if (System.nanoTime() < end) {
                sender.accept(this);
            } else {
                ended.countDown();
            }
        }

        void awaitEnd(long endNanos) throws InterruptedException {
            ended.await(endNanos - System.nanoTime() + 35_000_000_000L, TimeUnit.NANOSECONDS);
        }
    }

    /** What one run measured. */
    record Result(
            StreamClient client,
            int users,
            long measureNanos,
            Lines lines,
            Histogram lag,
            long cpuNanos,
            long systemNanos,
            long serverCpuNanos,
            long collections) {

        String row(String serverLatenessP99) {
            Histogram error = lines.error.getIntervalHistogram();
            Histogram delay = lines.delay.getIntervalHistogram();
            return String.format(
                    Locale.ROOT,
                    "| %d | %s | %.0f | %.2f / %.2f / %.1f | %.2f / %.2f | %s | %.0f%% / %.1f (%.1f in the kernel) | %d | %.1f | %d%s | %s |",
                    users,
                    client,
                    lines.chunks.get() / (measureNanos / 1e9),
                    ms(error, 50),
                    ms(error, 99),
                    error.getMaxValue() / 1e6,
                    lines.scheduleNanos == 0 ? ms(delay, 50) : Double.NaN,
                    lines.scheduleNanos == 0 ? ms(delay, 99) : Double.NaN,
                    lag == null ? "–" : String.format(Locale.ROOT, "%.1f / %.1f", ms(lag, 99), lag.getMaxValue() / 1e6),
                    cpuNanos * 100.0 / measureNanos / Runtime.getRuntime().availableProcessors(),
                    lines.chunks.get() == 0 ? Double.NaN : cpuNanos / 1e3 / lines.chunks.get(),
                    lines.chunks.get() == 0 ? Double.NaN : systemNanos / 1e3 / lines.chunks.get(),
                    collections,
                    lines.chunks.get() == 0 ? Double.NaN : serverCpuNanos / 1e3 / lines.chunks.get(),
                    lines.failures.get(),
                    lines.failures.get() == 0 ? "" : " (" + lines.lastFailure + ")",
                    serverLatenessP99);
        }

        private static double ms(Histogram histogram, double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
        }
    }
}
