package dev.ollamaperf.load.protocol;

import dev.ollamaperf.results.IntegrationMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matches the two requests of each pair of a paired run ({@link Route}) and keeps, per model, each pair's
 * integration-minus-direct difference in TTFT, end-to-end latency and median inter-token gap (each from the
 * intended start, as the phase's histograms). A pair counts only when both requests ended whole: a failure says
 * nothing about the latency either path adds, and is counted as an error of its own phase.
 */
public final class PairedLatencies {

    private final Map<Long, StreamObservation> waiting = new ConcurrentHashMap<>();
    // guarded by this; per model, per latency name, the differences in ns
    private final Map<String, Map<String, List<Long>>> differences = new TreeMap<>();

    /** Records one request of a pair; the second of the two completes the pair. */
    public void record(Route route, StreamObservation observation) {
        StreamObservation other = waiting.remove(route.pair());
        if (other == null) {
            StreamObservation raced = waiting.putIfAbsent(route.pair(), observation);
            if (raced == null) {
                return;
            }
            waiting.remove(route.pair());
            other = raced;
        }
        // the two requests of a pair take opposite paths, so the waiting one took the other path
        StreamObservation integration = route.direct() ? other : observation;
        StreamObservation direct = route.direct() ? observation : other;
        if (integration.outcome() != RequestOutcome.OK || direct.outcome() != RequestOutcome.OK) {
            return;
        }
        synchronized (this) {
            Map<String, List<Long>> byLatency =
                    differences.computeIfAbsent(integration.model(), model -> new TreeMap<>());
            if (integration.firstTokenNanos() >= 0 && direct.firstTokenNanos() >= 0) {
                add(byLatency, "ttft", integration.ttftFromIntendedNanos() - direct.ttftFromIntendedNanos());
            }
            add(byLatency, "e2e", integration.e2eFromIntendedNanos() - direct.e2eFromIntendedNanos());
            if (integration.interTokenGaps().length > 0 && direct.interTokenGaps().length > 0) {
                add(byLatency, "inter_token", median(integration.interTokenGaps()) - median(direct.interTokenGaps()));
            }
        }
    }

    /** The differences so far, per model and latency (pairs still waiting for their second request left out). */
    public synchronized List<IntegrationMetrics.PairedLatency> snapshot() {
        List<IntegrationMetrics.PairedLatency> all = new ArrayList<>();
        differences.forEach((model, byLatency) -> byLatency.forEach(
                (latency, values) -> all.add(new IntegrationMetrics.PairedLatency(model, latency, values))));
        return all;
    }

    private static void add(Map<String, List<Long>> byLatency, String latency, long difference) {
        byLatency.computeIfAbsent(latency, name -> new ArrayList<>()).add(difference);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
