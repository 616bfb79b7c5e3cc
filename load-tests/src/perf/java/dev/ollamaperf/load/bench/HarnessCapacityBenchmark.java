package dev.ollamaperf.load.bench;

import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How many concurrent streams, and streamed chunks per second, the harness can drive on this machine, and how much
 * error its own overhead adds to the inter-token gaps it measures. Not a test: run it by hand.
 *
 * <p>The server is {@link CannedStreamServer} in its own process (one token line every {@code interval} ms per
 * stream, 40 per answer, each carrying the server's send time), so only the harness's work is in this JVM. For each
 * concurrency the stream clients of {@link StreamClient} take turns (interleaved, one after the other in the same
 * run), each driving N closed-model streams for the given seconds, from 3 s after its first line. Per token line:
 * <ul>
 *   <li><b>added error</b>: |measured gap − the server's actual send gap| (the harness's own error on an inter-token
 *       gap; the server's lateness is not in it, since its send times are subtracted);
 *   <li><b>delay</b>: arrival stamp − the server's send time (kernel, client and stamping);
 *   <li>the server process's CPU time per chunk (from {@code /proc}: on 2 cores it shares them with the harness);
 *   <li>chunks/s received, the harness's event-loop lag ({@code LoopLag}, what judges a run INVALID) and the JVM's
 *       CPU time, as a share of the cores and per chunk, with its kernel part (CPU time is the figure other processes
 *       disturb least), and the JVM's garbage collections in the window (each a pause every stream waits through).
 * </ul>
 *
 * <p>{@code -Dollama.perf.bench.loops=N} (a system property of the benchmark's JVM) runs the Netty client on N loops instead of one per core;
 * {@code -Dollama.perf.bench.transport=nio} on Java NIO instead of the harness's default (Linux's epoll where Netty
 * can load it); {@code -Dollama.perf.bench.warmup=S} opens the window S seconds after the first line instead of 15: the
 * JIT compilers of both JVMs still run for 10-15 s at 1,000 streams, and the loops wait behind them, so a shorter
 * warm-up (3 s before 2026-12-07's third measurement) measures the JIT's tail with the harness's
 * (docs/measurements/2026-12-07-harness-capacity-3.md).
 * {@code -Dollama.perf.bench.emulator=emulator/target/ollama-perf-emulator.jar} streams from the emulator instead, with
 * one flat model (a token every interval, no jitter, a slot per stream): its lines carry no send time, so the added
 * error is |measured gap − the interval| (the first gap, from prefill to the first decode step, left out), which
 * holds the emulator's own lateness too; its lateness p99 ({@code schedulingLateness}) is the last column.
 *
 * <p>Run (from the repository root): {@code ./mvnw -B -q -pl load-tests -am install -DskipTests}, then
 * {@code ./mvnw -B -q -pl load-tests exec:exec@harness-capacity -Dexec.args="500,1000,2000 15 50
 * jdk,netty,gatling-sse"} (concurrency levels; seconds measured per client and level; token interval ms; clients),
 * in a JVM of its own (load-tests/pom.xml); {@code -Dbench.jvm="-Dollama.perf.bench.loops=1"} gives it options.
 */
public final class HarnessCapacityBenchmark {

    static final int TOKENS = 40;
    /** The system property naming the emulator's jar to stream from instead of the canned server. */
    static final String EMULATOR = "ollama.perf.bench.emulator";

    /** The system property giving the warm-up in seconds (default 15): from the first line to the window's start. */
    static final String WARMUP = "ollama.perf.bench.warmup";

    private HarnessCapacityBenchmark() {}

    public static void main(String[] args) throws Exception {
        int[] levels = args.length > 0
                ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {500, 1000, 2000};
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int intervalMs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        List<StreamClient> clients = args.length > 3
                ? Arrays.stream(args[3].split(",")).map(StreamClient::fromName).toList()
                : List.of(StreamClient.values());
        long warmupSeconds = Long.parseLong(System.getProperty(WARMUP, "15"));
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException(WARMUP + " must be 0 or more seconds, got: " + warmupSeconds);
        }
        long warmupNanos = warmupSeconds * 1_000_000_000L;
        PrintStream out = System.out;
        String emulatorJar = System.getProperty(EMULATOR);
        try (ServerProcess server = emulatorJar == null
                ? ServerProcess.canned(java(), classes(), intervalMs)
                : ServerProcess.emulator(
                        java(),
                        Path.of(emulatorJar),
                        intervalMs,
                        Arrays.stream(levels).max().orElse(1))) {
            out.printf(
                    Locale.ROOT,
                    "machine: %d cores, %s %s, load average %.2f; netty loops: %d on %s; server: separate process, %s,"
                            + " %d per answer; window from %d s after the first line%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Integer.getInteger(StreamClient.LOOPS, Runtime.getRuntime().availableProcessors()),
                    System.getProperty(StreamClient.TRANSPORT, Epoll.isAvailable() ? "epoll" : "nio"),
                    server.describe(),
                    TOKENS,
                    warmupSeconds);
            out.println("| streams | client | chunks/s | added error p50 / p99 / max (ms) | delay p50 / p99 (ms)"
                    + " | event-loop lag p99 / max (ms) | harness CPU (of all cores) / µs per chunk | harness GCs"
                    + " | server CPU µs per chunk"
                    + " | errors"
                    + " | server lateness p99 (ms) |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (int users : levels) {
                for (StreamClient client : clients) {
                    server.resetLateness();
                    CapacityRun.Result result = new CapacityRun(
                                    client,
                                    server.target,
                                    users,
                                    server.scheduleNanos(),
                                    () -> cpuNanos(server.process.pid()))
                            .run(warmupNanos, seconds * 1_000_000_000L);
                    out.println(result.row(server.latenessP99()));
                }
            }
        }
        System.exit(0);
    }

    /** A process's CPU time (user and system) from Linux's {@code /proc/<pid>/stat}, at 100 ticks per second. */
    static long cpuNanos(long pid) {
        return procStat(pid, 11) + procStat(pid, 12);
    }

    /** A process's CPU time in the kernel (system time) from {@code /proc/<pid>/stat}. */
    static long systemNanos(long pid) {
        return procStat(pid, 12);
    }

    private static long procStat(long pid, int field) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) are 11 and 12 here: the split starts at field 3
            return Long.parseLong(fields[field]) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where {@link CannedStreamServer} was loaded from (its process gets the same). */
    private static Path classes() {
        try {
            return Path.of(CannedStreamServer.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
