package dev.ollamaperf.results;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one scenario measured for one model.
 *
 * @param model the model's full name as {@code /api/ps} lists it, e.g. {@code llama3.2:latest}
 * @param counters request counters
 * @param outputTokens output tokens received in the window (sum of {@code eval_count} of ok requests)
 * @param histograms by name: {@code ttft}, {@code ttft_server}, {@code inter_token}, {@code e2e},
 *     {@code queue_wait} (the integration's limiter), {@code slot_wait} (the server's wait for a parallel slot,
 *     {@code total - load - prompt_eval - eval}) (unit {@code ns}); {@code output_tps} (unit {@code mtok/s}, one value per ok request,
 *     {@code eval_count / eval_duration}); any may be absent
 * @param turns in a session workload, per turn of its conversations (turn 1, 2...: each turn at most once, in
 *     order); optional in the file: absent reads as empty, empty is not written
 */
public record ModelMetrics(
        String model,
        Counters counters,
        long outputTokens,
        Map<String, HistogramData> histograms,

        @JacksonInject(value = "absent", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<TurnMetrics> turns) {

    /**
     * Histograms of latencies, recorded in integer nanoseconds; {@code ttft_thinking} (to the first thinking chunk)
     * and {@code thinking} (from there to the answer's first chunk) only for a model that thought.
     */
    public static final Set<String> LATENCY_HISTOGRAMS =
            Set.of("ttft", "ttft_thinking", "thinking", "ttft_server", "inter_token", "e2e", "queue_wait", "slot_wait");
    /** Histogram of per-request output rates, recorded in thousandths of a token per second. */
    public static final String OUTPUT_TPS = "output_tps";

    /** A model measured without conversation turns. */
    public ModelMetrics(String model, Counters counters, long outputTokens, Map<String, HistogramData> histograms) {
        this(model, counters, outputTokens, histograms, List.of());
    }

    public ModelMetrics {
        Checks.nonBlank(model, "model");
        Objects.requireNonNull(counters, "counters");
        Checks.nonNegative(outputTokens, "output_tokens");
        Objects.requireNonNull(histograms, "histograms");
        histograms = Collections.unmodifiableMap(new TreeMap<>(histograms));
        histograms.forEach((name, h) -> {
            String expected = LATENCY_HISTOGRAMS.contains(name) ? "ns" : OUTPUT_TPS.equals(name) ? "mtok/s" : null;
            if (expected == null) {
                throw new IllegalArgumentException("model '" + model + "' histogram name must be one of "
                        + LATENCY_HISTOGRAMS + " or " + OUTPUT_TPS + ", got: " + name);
            }
            if (!expected.equals(h.unit())) {
                throw new IllegalArgumentException("model '" + model + "' histogram '" + name + "' unit must be '"
                        + expected + "', got: " + h.unit());
            }
        });
        turns = turns == null ? List.of() : List.copyOf(turns);
        for (int i = 1; i < turns.size(); i++) {
            if (turns.get(i).turn() <= turns.get(i - 1).turn()) {
                throw new IllegalArgumentException("model '" + model + "' 'turns' must be in increasing turn order,"
                        + " each turn once, got turn " + turns.get(i).turn() + " after "
                        + turns.get(i - 1).turn());
            }
        }
    }

    /** Returns the sum of two measurements of the same model: counters summed, histograms added, turns by index. */
    public ModelMetrics plus(ModelMetrics other) {
        if (!model.equals(other.model)) {
            throw new IllegalArgumentException("cannot add metrics of model '" + model + "' and '" + other.model + "'");
        }
        Map<String, HistogramData> sum = new TreeMap<>(histograms);
        other.histograms.forEach((name, h) -> sum.merge(name, h, HistogramData::add));
        Map<Integer, TurnMetrics> turnSum = new TreeMap<>();
        turns.forEach(t -> turnSum.put(t.turn(), t));
        other.turns.forEach(t -> turnSum.merge(t.turn(), t, TurnMetrics::plus));
        return new ModelMetrics(
                model,
                counters.plus(other.counters),
                outputTokens + other.outputTokens,
                sum,
                new ArrayList<>(turnSum.values()));
    }
}
