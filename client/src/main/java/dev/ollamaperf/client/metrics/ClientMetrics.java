package dev.ollamaperf.client.metrics;

import dev.ollamaperf.client.error.ErrorKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The client's statistics: record on the request path, then {@link #snapshot()} into an immutable value.
 *
 * <p>When each counter moves:
 * <ul>
 *   <li>{@link #recordCall}: once per call that returned a result, after the result (or the stream's last chunk)
 *       arrived: end-to-end latency; TTFT for streamed calls; output tokens/s when the server sent
 *       {@code eval_count}/{@code eval_duration}.</li>
 *   <li>{@link #recordQueueWait}: once per granted limiter permit (also for calls that later failed).</li>
 *   <li>{@link #recordError}: once per call that ended in an exception, by the kind of that final exception
 *       (retried or fallen-back failures that were later recovered are not counted).</li>
 *   <li>{@link #onLookup}: once per cache-tier lookup, called by a cache; or, instead, a cache's own counters
 *       read at snapshot time through {@link #addCacheSource} (what {@code OllamaClient} does with the response
 *       cache's {@code stats()}).</li>
 * </ul>
 *
 * <p>Implementation notes: distributions are HdrHistogram {@link Recorder}s (wait-free recording, 3 significant
 * digits, nanoseconds up to one hour, values above clamped). {@link #snapshot()} moves each recorder's interval
 * into a cumulative histogram under the per-model lock, so snapshots are cumulative and never lose samples.
 * Thread-safe.
 */
public final class ClientMetrics implements CacheMetricsListener {

    /** Highest latency recorded: one hour, in nanoseconds; larger values are clamped to it. */
    static final long MAX_NANOS = 3_600_000_000_000L;
    /** Highest tokens/s recorded (in thousandths): one million tokens/s. */
    static final long MAX_TPS_MILLI = 1_000_000_000L;
    /**
     * Models with series of their own, per kind of series; further names share {@link #OTHER_MODELS}. Model
     * names come from callers (a gateway passes on whatever a client asks for), and a series per name never
     * goes away: without a cap, 300 misspelt names made 300 permanent series.
     */
    static final int MAX_MODELS = 64;
    /** The label of every model beyond the first {@link #MAX_MODELS}. */
    public static final String OTHER_MODELS = "(other models)";

    private final ConcurrentHashMap<String, ModelRecorders> models = new ConcurrentHashMap<>();
    private final Series queueWait = new Series(MAX_NANOS);
    private final ConcurrentHashMap<String, ConcurrentHashMap<ErrorKind, LongAdder>> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder[]> cache = new ConcurrentHashMap<>();
    private final java.util.concurrent.CopyOnWriteArrayList<Supplier<Map<String, MetricsSnapshot.TierCount>>>
            cacheSources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.CopyOnWriteArrayList<Supplier<Map<String, NodeMetrics>>> nodeSources =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A successful call.
     *
     * @param model        the model that served it
     * @param latencyNanos end-to-end, from the caller's start (including limiter wait and retries)
     * @param ttftNanos    client-observed time to first token, or a negative value when not streamed
     * @param outputTps    output tokens/s from the server's metrics, or 0 when unknown
     */
    public void recordCall(String model, long latencyNanos, long ttftNanos, double outputTps) {
        ModelRecorders r = models.computeIfAbsent(label(model, models), m -> new ModelRecorders());
        r.latency.record(latencyNanos);
        if (ttftNanos >= 0) {
            r.ttft.record(ttftNanos);
        }
        if (outputTps > 0) {
            r.tps.record(Math.round(outputTps * 1000));
        }
    }

    /** How long a granted limiter permit waited. */
    public void recordQueueWait(long nanos) {
        queueWait.record(nanos);
    }

    /** A call that failed with {@code kind} for {@code model} (the requested model). */
    public void recordError(String model, ErrorKind kind) {
        errors.computeIfAbsent(label(model, errors), m -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> new LongAdder())
                .increment();
    }

    /** {@code model}, or {@link #OTHER_MODELS} once {@code series} holds {@link #MAX_MODELS} other names. */
    private static String label(String model, Map<String, ?> series) {
        return series.size() < MAX_MODELS || series.containsKey(model) ? model : OTHER_MODELS;
    }

    @Override
    public void onLookup(String tier, boolean hit) {
        cache.computeIfAbsent(tier, t -> new LongAdder[] {new LongAdder(), new LongAdder()})[hit ? 0 : 1].increment();
    }

    /**
     * Adds a source of per-tier cache counts read at each {@link #snapshot()} (for a cache that keeps its own
     * counters, such as the response cache's {@code stats()}); its counts are added to those from
     * {@link #onLookup}. A cache should use one of the two ways, not both, or its lookups count twice.
     */
    public void addCacheSource(Supplier<Map<String, MetricsSnapshot.TierCount>> source) {
        cacheSources.add(java.util.Objects.requireNonNull(source, "source"));
    }

    /**
     * Adds a source of per-node metrics read at each {@link #snapshot()} (a client with several nodes adds its
     * fleet's); with none, the snapshot's {@code nodes} is empty.
     */
    public void addNodeSource(Supplier<Map<String, NodeMetrics>> source) {
        nodeSources.add(java.util.Objects.requireNonNull(source, "source"));
    }

    /** Everything recorded so far, as an immutable value. */
    public MetricsSnapshot snapshot() {
        Map<String, ModelMetrics> m = new TreeMap<>();
        models.forEach((name, r) ->
                m.put(name, new ModelMetrics(name, r.latency.snapshot(), r.ttft.snapshot(), r.tps.snapshot())));
        Map<String, Map<ErrorKind, Long>> e = new TreeMap<>();
        errors.forEach((model, byKind) -> {
            Map<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
            byKind.forEach((k, v) -> counts.put(k, v.sum()));
            e.put(model, counts);
        });
        Map<String, MetricsSnapshot.TierCount> c = new TreeMap<>();
        cache.forEach((tier, counts) -> c.put(tier, new MetricsSnapshot.TierCount(counts[0].sum(), counts[1].sum())));
        for (Supplier<Map<String, MetricsSnapshot.TierCount>> source : cacheSources) {
            source.get()
                    .forEach((tier, n) -> c.merge(
                            tier,
                            n,
                            (x, y) -> new MetricsSnapshot.TierCount(x.hits() + y.hits(), x.misses() + y.misses())));
        }
        Map<String, NodeMetrics> n = new java.util.LinkedHashMap<>();
        nodeSources.forEach(source -> n.putAll(source.get()));
        return new MetricsSnapshot(m, queueWait.snapshot(), e, c, n);
    }

    /** One model's three series. */
    private static final class ModelRecorders {
        final Series latency = new Series(MAX_NANOS);
        final Series ttft = new Series(MAX_NANOS);
        final Series tps = new Series(MAX_TPS_MILLI);
    }

    /** A recorder plus the cumulative histogram its intervals are folded into. */
    private static final class Series {
        private final long max;
        private final Recorder recorder;
        private final Histogram cumulative;

        Series(long max) {
            this.max = max;
            this.recorder = new Recorder(max, 3);
            this.cumulative = new Histogram(max, 3);
        }

        void record(long value) {
            recorder.recordValue(Math.max(0, Math.min(max, value)));
        }

        synchronized Distribution snapshot() {
            cumulative.add(recorder.getIntervalHistogram());
            return Distribution.of(cumulative);
        }
    }
}
