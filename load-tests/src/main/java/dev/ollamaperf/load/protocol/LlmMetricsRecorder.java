package dev.ollamaperf.load.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records LLM metrics per model into HdrHistograms, cheaply and without blocking, from any thread.
 *
 * <p>Counter rules: {@code requests} moves once per observation; {@code ok} when it ended whole;
 * {@code errors[kind]} otherwise; {@code metObjectives} when it ended whole and every objective
 * held. Histograms: {@code ttft} and {@code e2e} are measured from the intended start (equal to the
 * send time outside open-model runs), {@code ttft_server} is load + prompt evaluation as the server
 * reported it, {@code inter_token} every gap between text chunks, {@code output_tps} the server's
 * {@code eval_count / eval_duration} in thousandths of a token per second (HdrHistogram stores
 * integers), {@code slot_wait} the server-side wait for a parallel slot, derived from the final
 * chunk as {@code total_duration - load_duration - prompt_eval_duration - eval_duration}
 * (docs/ollama-api.md §1.3: what remains is the slot wait plus a few ms of template and tokenizer work;
 * recorded only when the server sent {@code total_duration}). When a model thinks (docs/ollama-api.md §1.7),
 * {@code ttft} stays the time to the answer's first chunk, {@code ttft_thinking} is the time to the first thinking
 * chunk (from the intended start too) and {@code thinking} the time from there to the answer's first chunk; those
 * two are in the snapshot only when some request thought. Latencies are integer nanoseconds, 3 significant digits, up to one hour.
 *
 * <p>Recording uses {@link Recorder}, which is wait-free for writers; {@link #snapshot()} takes the
 * accumulated interval histograms. One snapshot per run is expected. Beside the totals, a
 * {@link TimeSeriesRecorder} counts the same requests over time (all models together).
 */
public final class LlmMetricsRecorder {

    /** The largest latency recorded: one hour; longer values are clamped to it. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private static final long HIGHEST_MILLI_TPS = 100_000_000L;

    private final Map<String, ModelRecorder> models = new ConcurrentHashMap<>();
    private final Recorder dispatchLag = new Recorder(HIGHEST_NANOS, 3);
    private final Map<String, Long> largestLoadNanos = new ConcurrentHashMap<>();
    private final Objectives objectives;
    private final TimeSeriesRecorder series;
    private final UserCounts users = new UserCounts();

    /** A recorder judging each request against the given objectives, with a time series in 1 s buckets. */
    public LlmMetricsRecorder(Objectives objectives) {
        this(
                objectives,
                new TimeSeriesRecorder(
                        TimeSeriesRecorder.stepFor(java.time.Duration.ZERO), java.time.Clock.systemUTC()));
    }

    /** A recorder judging each request against the given objectives, counting them over time in {@code series}. */
    public LlmMetricsRecorder(Objectives objectives, TimeSeriesRecorder series) {
        this.objectives = Objects.requireNonNull(objectives, "objectives");
        this.series = Objects.requireNonNull(series, "series");
    }

    /**
     * A request is being sent (the time series counts it as started and in flight until {@link #record}
     * sees its end).
     *
     * @param sendNanos {@link System#nanoTime()} at the send, the clock of {@link StreamObservation}
     */
    public void recordStart(long sendNanos) {
        series.recordStart(sendNanos);
    }

    /** Per virtual user, the requests answered (the action records each send and end of a user's request). */
    public UserCounts users() {
        return users;
    }

    /** Records one request that ended (once per request, after {@link #recordStart}). */
    public void record(StreamObservation observation) {
        models.computeIfAbsent(observation.model(), m -> new ModelRecorder()).record(observation, objectives);
        series.recordEnd(
                observation.endNanos(),
                observation.outcome() == RequestOutcome.OK,
                outputTokens(observation),
                observation.ttftFromIntendedNanos());
        if (observation.outcome() == RequestOutcome.OK && observation.server() != null) {
            largestLoadNanos.merge(observation.model(), observation.server().loadNanos(), Math::max);
        }
    }

    /**
     * The largest {@code load_duration} the server reported per model, over the whole run (never
     * reset), for answers that ended whole and carried timings. For the warm-up's recorder this is the
     * cold load time of each model the warm-up had to load (docs/ollama-api.md §1.3: it includes any wait
     * behind another model's load or eviction).
     */
    public Map<String, Long> largestLoadNanos() {
        return Map.copyOf(largestLoadNanos);
    }

    /** The requests over time since the first send; null when none was sent. */
    public TimeSeriesRecorder.Series timeSeries() {
        return series.snapshot();
    }

    /** Output tokens of one request: the server's {@code eval_count} when it reported one, else text chunks. */
    static long outputTokens(StreamObservation o) {
        return o.server() != null ? o.server().evalCount() : o.tokens();
    }

    /**
     * Records how late the generator sent a request against its intended start (open model only):
     * the harness's own lag, kept apart from the server's latency so a run can judge itself.
     */
    public void recordDispatchLag(long nanos) {
        dispatchLag.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    }

    /** The dispatch lag recorded since the last call. */
    public Histogram dispatchLagSnapshot() {
        return dispatchLag.getIntervalHistogram();
    }

    /**
     * Requests ended so far and how many of them did not end whole, over every model: cheap, from any
     * thread, never reset (for progress lines while the run lasts; {@link #snapshot()} is for its end).
     */
    public Progress progress() {
        long ended = 0;
        long ok = 0;
        for (ModelRecorder recorder : models.values()) {
            ended += recorder.requests.sum();
            ok += recorder.ok.sum();
        }
        return new Progress(ended, ended - ok);
    }

    /**
     * What {@link #progress()} counts.
     *
     * @param ended requests that ended, whole or not
     * @param failed of those, the ones that did not end whole
     */
    public record Progress(long ended, long failed) {}

    /** The accumulated histograms and counters, per model. Resets the histograms. */
    public Map<String, ModelSnapshot> snapshot() {
        Map<String, ModelSnapshot> snapshot = new java.util.TreeMap<>();
        models.forEach((model, recorder) -> snapshot.put(model, recorder.snapshot()));
        return snapshot;
    }

    /**
     * Latency objectives a request must meet to count toward goodput, in nanoseconds from the
     * intended start; 0 means "no objective".
     */
    public record Objectives(long maxTtftNanos, long maxE2eNanos) {
        /** No objectives: every whole answer counts. */
        public static final Objectives NONE = new Objectives(0, 0);

        public Objectives {
            if (maxTtftNanos < 0 || maxE2eNanos < 0) {
                throw new IllegalArgumentException(
                        "objectives must be >= 0 ns, got: ttft=" + maxTtftNanos + ", e2e=" + maxE2eNanos);
            }
        }

        boolean metBy(StreamObservation o) {
            return (maxTtftNanos == 0 || (o.ttftFromIntendedNanos() >= 0 && o.ttftFromIntendedNanos() <= maxTtftNanos))
                    && (maxE2eNanos == 0 || o.e2eFromIntendedNanos() <= maxE2eNanos);
        }
    }

    /** What one model's requests produced. */
    public record ModelSnapshot(
            long requests,
            long ok,
            Map<String, Long> errors,
            long metObjectives,
            long outputTokens,
            Map<String, Histogram> histograms) {

        /** A model that was sent nothing: every count 0, no histograms. */
        public static final ModelSnapshot NONE = new ModelSnapshot(0, 0, Map.of(), 0, 0, Map.of());

        /** A copy with one more histogram (e.g. the gateway's limiter queue wait). */
        public ModelSnapshot withHistogram(String name, Histogram histogram) {
            Map<String, Histogram> more = new java.util.TreeMap<>(histograms);
            more.put(name, histogram);
            return new ModelSnapshot(requests, ok, errors, metObjectives, outputTokens, Map.copyOf(more));
        }
    }

    private static final class ModelRecorder {
        private final Recorder ttft = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder ttftServer = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder interToken = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder e2e = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder outputTps = new Recorder(HIGHEST_MILLI_TPS, 3);
        private final Recorder slotWait = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder ttftThinking = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder thinking = new Recorder(HIGHEST_NANOS, 3);
        private final LongAdder requests = new LongAdder();
        private final LongAdder ok = new LongAdder();
        private final LongAdder metObjectives = new LongAdder();
        private final LongAdder outputTokens = new LongAdder();
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

        void record(StreamObservation o, Objectives objectives) {
            requests.increment();
            if (o.outcome() != RequestOutcome.OK) {
                errors.computeIfAbsent(o.outcome().kind(o.httpStatus()), k -> new LongAdder())
                        .increment();
            } else {
                ok.increment();
                e2e.recordValue(clamp(o.e2eFromIntendedNanos(), HIGHEST_NANOS));
                if (objectives.metBy(o)) {
                    metObjectives.increment();
                }
            }
            if (o.ttftFromIntendedNanos() >= 0) {
                ttft.recordValue(clamp(o.ttftFromIntendedNanos(), HIGHEST_NANOS));
            }
            if (o.ttftThinkingFromIntendedNanos() >= 0) {
                ttftThinking.recordValue(clamp(o.ttftThinkingFromIntendedNanos(), HIGHEST_NANOS));
            }
            if (o.thinkingNanos() >= 0) {
                thinking.recordValue(clamp(o.thinkingNanos(), HIGHEST_NANOS));
            }
            for (long gap : o.interTokenGaps()) {
                interToken.recordValue(clamp(gap, HIGHEST_NANOS));
            }
            outputTokens.add(outputTokens(o));
            StreamObservation.ServerTimings server = o.server();
            if (server != null) {
                if (server.serverTtftNanos() > 0) {
                    ttftServer.recordValue(clamp(server.serverTtftNanos(), HIGHEST_NANOS));
                }
                if (server.totalNanos() > 0) {
                    slotWait.recordValue(clamp(server.slotWaitNanos(), HIGHEST_NANOS));
                }
                if (server.outputTokensPerSecond() > 0) {
                    outputTps.recordValue(clamp(Math.round(server.outputTokensPerSecond() * 1000), HIGHEST_MILLI_TPS));
                }
            }
        }

        ModelSnapshot snapshot() {
            Map<String, Long> errorCounts = new java.util.TreeMap<>();
            errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
            Map<String, Histogram> histograms = new java.util.TreeMap<>();
            histograms.put("ttft", ttft.getIntervalHistogram());
            histograms.put("ttft_server", ttftServer.getIntervalHistogram());
            histograms.put("inter_token", interToken.getIntervalHistogram());
            histograms.put("e2e", e2e.getIntervalHistogram());
            histograms.put("output_tps", outputTps.getIntervalHistogram());
            histograms.put("slot_wait", slotWait.getIntervalHistogram());
            Histogram toThinking = ttftThinking.getIntervalHistogram();
            Histogram thought = thinking.getIntervalHistogram();
            if (toThinking.getTotalCount() > 0) {
                // only models that thought: a run without thinking writes the files it always wrote
                histograms.put("ttft_thinking", toThinking);
                histograms.put("thinking", thought);
            }
            return new ModelSnapshot(
                    requests.sum(),
                    ok.sum(),
                    Map.copyOf(errorCounts),
                    metObjectives.sum(),
                    outputTokens.sum(),
                    Map.copyOf(histograms));
        }

        private static long clamp(long value, long highest) {
            return Math.max(0, Math.min(value, highest));
        }
    }
}
