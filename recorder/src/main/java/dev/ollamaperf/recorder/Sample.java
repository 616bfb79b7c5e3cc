package dev.ollamaperf.recorder;

/**
 * One finished streamed request: what the client saw and what the server reported in the final chunk.
 * Client times are nanoseconds from the send; server durations are Ollama's nanoseconds.
 *
 * @param ttftNanos          send to the first chunk with text (-1 if none came)
 * @param e2eNanos           send to the last chunk
 * @param gapsNanos          gaps between successive text chunks
 * @param loadNanos          {@code load_duration}
 * @param promptEvalCount    {@code prompt_eval_count}
 * @param promptEvalNanos    {@code prompt_eval_duration}
 * @param evalCount          {@code eval_count}
 * @param evalNanos          {@code eval_duration}
 * @param totalNanos         {@code total_duration} (0 when absent)
 * @param doneReason         {@code stop} or {@code length} ({@code ""} when absent), or {@link #CAPPED}
 * @param serverGapsNanos    gaps between the {@code created_at} stamps of successive text chunks (the
 *                           server's clock; empty when not recorded or not parseable)
 */
record Sample(
        long ttftNanos,
        long e2eNanos,
        long[] gapsNanos,
        long loadNanos,
        long promptEvalCount,
        long promptEvalNanos,
        long evalCount,
        long evalNanos,
        long totalNanos,
        String doneReason,
        long[] serverGapsNanos) {

    /** The done reason of a sample the client cut off at its output cap (no server metrics). */
    static final String CAPPED = "cap";

    Sample {
        gapsNanos = gapsNanos.clone();
        serverGapsNanos = serverGapsNanos.clone();
        doneReason = doneReason == null ? "" : doneReason;
    }

    /** {@code eval_count / eval_duration} in tokens per second, NaN when the server reported no generation. */
    double evalTokensPerSecond() {
        return evalNanos > 0 && evalCount > 0 ? evalCount * 1e9 / evalNanos : Double.NaN;
    }

    /** Seconds per generated token as the server timed it, NaN when unknown. */
    double secondsPerToken() {
        return evalNanos > 0 && evalCount > 0 ? evalNanos / 1e9 / evalCount : Double.NaN;
    }

    /** Text chunks per second as the client saw them (first to last chunk), NaN with fewer than two. */
    double clientTokensPerSecond() {
        long sum = 0;
        for (long g : gapsNanos) {
            sum += g;
        }
        return sum > 0 ? gapsNanos.length * 1e9 / sum : Double.NaN;
    }

    /**
     * Time the client saw beyond the server's own account of the request (client end to end minus
     * {@code total_duration}): sending, the server's HTTP handling and the network; NaN when the server gave
     * no {@code total_duration}.
     */
    double transportNanos() {
        return totalNanos > 0 && e2eNanos > 0 ? e2eNanos - totalNanos : Double.NaN;
    }

    /** True when generation stopped at a cap (the length is censored, not the model's choice). */
    boolean lengthLimited() {
        return doneReason.equals("length") || doneReason.equals(CAPPED);
    }

    @Override
    public long[] gapsNanos() {
        return gapsNanos.clone();
    }

    @Override
    public long[] serverGapsNanos() {
        return serverGapsNanos.clone();
    }
}
