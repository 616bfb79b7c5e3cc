package dev.ollamaperf.results;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one turn of a session workload's conversations measured for one model (an entry of a model's optional
 * {@code turns} in {@code metrics.json}): every conversation's k-th request carries the whole history so far, so
 * turn k's prompt is longer than turn k-1's, and the server's prompt evaluation shows what that costs (or saves,
 * when it reuses a cached prefix).
 *
 * @param turn the turn's index within its conversation, from 1
 * @param requests requests sent at this turn, >= 0
 * @param ok of those, answered whole; at most {@code requests}
 * @param histograms by name: {@code ttft}, {@code e2e} and {@code prompt_eval} (the server's
 *     {@code prompt_eval_duration}) in unit {@code ns}; {@code prompt_tokens} (the server's {@code prompt_eval_count},
 *     which counts the tokens reused from its prompt cache too, docs/ollama-api.md §1.3) in unit {@code tokens};
 *     {@code prompt_rate} ({@code prompt_eval_count / prompt_eval_duration} per request) in unit {@code mtok/s}; the
 *     server's figures from ok answers that carried them; any may be absent
 */
public record TurnMetrics(int turn, long requests, long ok, Map<String, HistogramData> histograms) {

    /** Histograms of latencies and durations, recorded in integer nanoseconds. */
    public static final Set<String> LATENCY_HISTOGRAMS = Set.of("ttft", "e2e", "prompt_eval");
    /** Histogram of the prompt tokens the server reported, one value per request. */
    public static final String PROMPT_TOKENS = "prompt_tokens";
    /** Histogram of per-request prompt evaluation rates, in thousandths of a token per second. */
    public static final String PROMPT_RATE = "prompt_rate";

    public TurnMetrics {
        if (turn < 1) {
            throw new IllegalArgumentException("'turns.turn' must be >= 1, got: " + turn);
        }
        Checks.nonNegative(requests, "turns.requests");
        Checks.nonNegative(ok, "turns.ok");
        if (ok > requests) {
            throw new IllegalArgumentException(
                    "turn " + turn + " 'ok' must be <= requests (" + requests + "), got: " + ok);
        }
        histograms = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(histograms, "turns.histograms")));
        histograms.forEach((name, h) -> {
            String expected = LATENCY_HISTOGRAMS.contains(name)
                    ? "ns"
                    : PROMPT_TOKENS.equals(name) ? "tokens" : PROMPT_RATE.equals(name) ? "mtok/s" : null;
            if (expected == null) {
                throw new IllegalArgumentException("turn " + turn + " histogram name must be one of "
                        + new TreeSet<>(LATENCY_HISTOGRAMS) + ", " + PROMPT_TOKENS + " or "
                        + PROMPT_RATE + ", got: " + name);
            }
            if (!expected.equals(h.unit())) {
                throw new IllegalArgumentException(
                        "turn " + turn + " histogram '" + name + "' unit must be '" + expected + "', got: " + h.unit());
            }
        });
    }

    /** Returns the sum of two measurements of the same turn: counts summed, histograms added. */
    public TurnMetrics plus(TurnMetrics other) {
        if (turn != other.turn) {
            throw new IllegalArgumentException("cannot add metrics of turn " + turn + " and turn " + other.turn);
        }
        Map<String, HistogramData> sum = new TreeMap<>(histograms);
        other.histograms.forEach((name, h) -> sum.merge(name, h, HistogramData::add));
        return new TurnMetrics(turn, requests + other.requests, ok + other.ok, sum);
    }
}
