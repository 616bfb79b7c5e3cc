package dev.ollamaperf.client.api;

/**
 * Server-side timings and counts from a final chunk ({@code api.Metrics}, docs/ollama-api.md §1.3). Durations are
 * nanoseconds; every field Ollama left out (it omits zeros) is 0 here.
 *
 * @param totalDuration      handler start to final chunk, including load, slot wait, prefill and generation
 * @param loadDuration       handler start until a runner was handed over (cold load, or a few ms warm)
 * @param promptEvalCount    prompt tokens, including ones reused from the prompt cache
 * @param promptEvalDuration prefill time
 * @param evalCount          generated tokens
 * @param evalDuration       generation time only
 */
public record Metrics(
        long totalDuration,
        long loadDuration,
        long promptEvalCount,
        long promptEvalDuration,
        long evalCount,
        long evalDuration) {

    /** No metrics (non-final chunks, load-only responses). */
    public static final Metrics NONE = new Metrics(0, 0, 0, 0, 0, 0);

    public Metrics {
        requireNonNegative("total_duration", totalDuration);
        requireNonNegative("load_duration", loadDuration);
        requireNonNegative("prompt_eval_count", promptEvalCount);
        requireNonNegative("prompt_eval_duration", promptEvalDuration);
        requireNonNegative("eval_count", evalCount);
        requireNonNegative("eval_duration", evalDuration);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("'" + name + "' must be >= 0, got: " + value);
        }
    }

    /** Generation speed as {@code ollama run --verbose} prints it: eval_count / eval_duration, or 0 if unknown. */
    public double outputTokensPerSecond() {
        return evalDuration == 0 ? 0.0 : evalCount * 1e9 / evalDuration;
    }

    /**
     * Server-side time to first token: {@code load_duration + prompt_eval_duration} (docs/architecture.md, LLM
     * metrics).
     */
    public long serverTtftNanos() {
        return loadDuration + promptEvalDuration;
    }

    /** True when every field is 0 (Ollama sent none). */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
