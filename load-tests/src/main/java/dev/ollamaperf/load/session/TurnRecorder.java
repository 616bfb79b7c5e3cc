package dev.ollamaperf.load.session;

import dev.ollamaperf.load.protocol.RequestOutcome;
import dev.ollamaperf.load.protocol.StreamObservation;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.TurnMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Records a session workload's requests by model and turn of their conversation, cheaply and without blocking, from
 * any thread: how TTFT, end-to-end latency and the server's prompt evaluation change as a conversation's history
 * grows.
 *
 * <p>Counter rules: {@code requests} moves once per request of the turn, {@code ok} when it ended whole. Histograms:
 * {@code ttft} (first text chunk) and {@code e2e} (ok requests only) from the send, as the phase's own recorder
 * measures them (a closed model: the send is the intended start); from the final chunk of ok requests that carried
 * them, {@code prompt_tokens} ({@code prompt_eval_count}), {@code prompt_eval} ({@code prompt_eval_duration}) and
 * {@code prompt_rate} ({@code prompt_eval_count / prompt_eval_duration}, in thousandths of a token per second). Latencies
 * are integer nanoseconds, 3 significant digits, up to one hour; {@link #snapshot()} is taken once, at the end of the
 * run.
 */
public final class TurnRecorder {

    private static final long HIGHEST_NANOS = 3_600_000_000_000L;
    private static final long HIGHEST_TOKENS = 100_000_000L;
    /** 100 million tokens per second: a cached prefix is evaluated far faster than any prefill. */
    private static final long HIGHEST_MILLI_TPS = 100_000_000_000L;

    private final Map<String, Map<Integer, Turn>> models = new ConcurrentHashMap<>();

    /**
     * Records one request that ended.
     *
     * @param model the model as the scenario named it
     * @param turn  the request's turn in its conversation, from 1
     */
    public void record(String model, int turn, StreamObservation o) {
        if (turn < 1) {
            throw new IllegalArgumentException("'turn' must be >= 1, got: " + turn);
        }
        models.computeIfAbsent(model, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(turn, t -> new Turn())
                .record(o);
    }

    /** The first turns recorded so far, over all models: how many conversations sent a request. */
    public long firstTurns() {
        return models.values().stream()
                .map(turns -> turns.get(1))
                .filter(Objects::nonNull)
                .mapToLong(turn -> turn.requests.sum())
                .sum();
    }

    /** Per model (sorted by name), its turns in order. Resets the histograms. */
    public Map<String, List<TurnMetrics>> snapshot() {
        Map<String, List<TurnMetrics>> snapshot = new TreeMap<>();
        models.forEach((model, turns) -> {
            List<TurnMetrics> list = new ArrayList<>();
            new TreeMap<>(turns).forEach((turn, recorder) -> list.add(recorder.snapshot(turn)));
            snapshot.put(model, List.copyOf(list));
        });
        return snapshot;
    }

    private static final class Turn {
        private final LongAdder requests = new LongAdder();
        private final LongAdder ok = new LongAdder();
        private final Recorder ttft = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder e2e = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder promptEval = new Recorder(HIGHEST_NANOS, 3);
        private final Recorder promptTokens = new Recorder(HIGHEST_TOKENS, 3);
        private final Recorder promptRate = new Recorder(HIGHEST_MILLI_TPS, 3);

        void record(StreamObservation o) {
            requests.increment();
            if (o.ttftFromIntendedNanos() >= 0) {
                ttft.recordValue(clamp(o.ttftFromIntendedNanos(), HIGHEST_NANOS));
            }
            if (o.outcome() != RequestOutcome.OK) {
                return;
            }
            ok.increment();
            e2e.recordValue(clamp(o.e2eFromIntendedNanos(), HIGHEST_NANOS));
            StreamObservation.ServerTimings server = o.server();
            if (server == null || server.promptEvalCount() <= 0) {
                return;
            }
            promptTokens.recordValue(clamp(server.promptEvalCount(), HIGHEST_TOKENS));
            if (server.promptEvalNanos() > 0) {
                promptEval.recordValue(clamp(server.promptEvalNanos(), HIGHEST_NANOS));
                promptRate.recordValue(clamp(
                        Math.round(server.promptEvalCount() * 1e12 / server.promptEvalNanos()), HIGHEST_MILLI_TPS));
            }
        }

        TurnMetrics snapshot(int turn) {
            Map<String, HistogramData> histograms = new TreeMap<>();
            put(histograms, "ttft", ttft, "ns");
            put(histograms, "e2e", e2e, "ns");
            put(histograms, "prompt_eval", promptEval, "ns");
            put(histograms, TurnMetrics.PROMPT_TOKENS, promptTokens, "tokens");
            put(histograms, TurnMetrics.PROMPT_RATE, promptRate, "mtok/s");
            return new TurnMetrics(turn, requests.sum(), ok.sum(), histograms);
        }

        private static void put(Map<String, HistogramData> histograms, String name, Recorder recorder, String unit) {
            org.HdrHistogram.Histogram h = recorder.getIntervalHistogram();
            if (h.getTotalCount() > 0) {
                histograms.put(name, HistogramData.of(h, unit));
            }
        }

        private static long clamp(long value, long highest) {
            return Math.max(0, Math.min(value, highest));
        }
    }
}
