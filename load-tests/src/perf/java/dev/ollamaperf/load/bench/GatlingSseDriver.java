package dev.ollamaperf.load.bench;

import io.gatling.app.Gatling$;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams through Gatling's own engine: {@link SseCapacitySimulation}'s users connect with {@code sse()} and time each
 * message in a check. Gatling builds its simulations itself, by class name, so the run's sink is handed over in a
 * static field: one benchmark run at a time, set before Gatling starts and cleared after.
 */
final class GatlingSseDriver implements StreamClient.Driver {

    private static volatile CapacityRun.Lines current;
    /** Each user's previous line delay in its current answer. */
    private static final Map<Long, Long> PREVIOUS = new ConcurrentHashMap<>();

    private final URI target;

    GatlingSseDriver(URI target) {
        this.target = target;
    }

    @Override
    public void run(int users, long nanos, CapacityRun.Lines lines) throws Exception {
        Path results = Files.createTempDirectory("harness-capacity-gatling");
        System.setProperty(SseCapacitySimulation.TARGET, target.toString());
        System.setProperty(SseCapacitySimulation.USERS, Integer.toString(users));
        System.setProperty(SseCapacitySimulation.NANOS, Long.toString(nanos));
        current = lines;
        PREVIOUS.clear();
        try {
            Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation", SseCapacitySimulation.class.getName(),
                "--results-folder", results.toString(),
                "--no-reports"
            });
        } finally {
            current = null;
        }
    }

    /** Token {@code index} of a user's answer, sent at {@code sentNanos}, was just checked (its arrival). */
    static long line(long user, int index, long sentNanos) {
        long arrival = System.nanoTime();
        CapacityRun.Lines lines = current;
        if (lines != null) {
            long previous = index == 0 ? CapacityRun.Lines.FIRST : PREVIOUS.getOrDefault(user, CapacityRun.Lines.FIRST);
            PREVIOUS.put(user, lines.line(sentNanos, arrival, previous));
        }
        return sentNanos;
    }
}
