package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.config.Endpoint;
import dev.ollamaperf.client.internal.transport.OllamaTransport;
import dev.ollamaperf.client.metrics.Distribution;
import dev.ollamaperf.client.metrics.NodeMetrics;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One Ollama node of a {@link Fleet}: its transports, its health, its outstanding calls, the models it had loaded
 * when last asked, and its counters.
 *
 * <p>Implementation notes: {@code outstanding} is read and written only under the fleet's lock (selection and
 * release must see one value); {@code health} and {@code loaded} are replaced whole (immutable records in volatile
 * fields), so readers never see half an update. Counters are {@link LongAdder}s and an HdrHistogram
 * {@link Recorder}, folded into a cumulative histogram at snapshot time, as {@code ClientMetrics} does.
 */
final class Node {

    /** Health checks and {@code /api/ps} must answer fast or count as failed. */
    static final Duration QUICK_TIMEOUT = Duration.ofSeconds(2);

    private static final long MAX_NANOS = 3_600_000_000_000L;

    /** What a node had loaded, and when that was learnt ({@code fetchedNanos}; never fetched: {@link #NONE}). */
    record Loaded(Set<String> models, long fetchedNanos, boolean fetched) {
        static final Loaded NONE = new Loaded(Set.of(), 0, false);

        Loaded {
            models = Set.copyOf(models);
        }
    }

    final Endpoint endpoint;
    final OllamaTransport transport;
    final OllamaTransport quick;
    final int index;
    final AtomicBoolean refreshing = new AtomicBoolean();
    volatile NodeHealth health = NodeHealth.UP;
    volatile Loaded loaded = Loaded.NONE;
    int outstanding; // guarded by the fleet's lock

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Recorder latency; // null for the only node of a one-node client, which records nothing here
    private final Histogram cumulative;

    /**
     * @param recording false for the only node of a one-node client: its calls are not counted per node, and the
     *                  histograms (a few hundred KB each at this range) are not allocated
     */
    Node(int index, OllamaTransport transport, boolean recording) {
        this.index = index;
        this.endpoint = transport.endpoint();
        this.transport = transport;
        this.quick = transport.withTimeouts(QUICK_TIMEOUT, QUICK_TIMEOUT, QUICK_TIMEOUT);
        this.latency = recording ? new Recorder(MAX_NANOS, 3) : null;
        this.cumulative = recording ? new Histogram(MAX_NANOS, 3) : null;
    }

    void recordSent() {
        requests.increment();
    }

    void recordSuccess(long nanos) {
        latency.recordValue(Math.max(0, Math.min(MAX_NANOS, nanos)));
    }

    void recordError() {
        errors.increment();
    }

    /**
     * The node's metrics; {@code outstanding} as the caller read it under the fleet's lock. Only for a node that
     * records.
     */
    synchronized NodeMetrics snapshot(int outstandingNow) {
        cumulative.add(latency.getIntervalHistogram());
        return new NodeMetrics(
                endpoint.baseUrl(),
                health.up(),
                outstandingNow,
                requests.sum(),
                errors.sum(),
                Distribution.of(cumulative));
    }

    @Override
    public String toString() {
        return endpoint.baseUrl();
    }
}
