package dev.ollamaperf.load.protocol;

import java.util.Objects;

/**
 * What the harness saw of one request, on its own nanosecond clock, plus what the server reported
 * on the final chunk. Times are {@link System#nanoTime()} readings.
 *
 * @param model              the model as the scenario named it
 * @param intendedStartNanos when the request was meant to go out (open model: the user's scheduled
 *                           start; otherwise the send time); latency "from intended start" uses it
 * @param sendNanos          when the request was handed to the HTTP client
 * @param firstTokenNanos    arrival of the first chunk carrying the answer's text, or -1 if none arrived
 * @param endNanos           arrival of the final chunk, or of the failure
 * @param tokens             chunks that carried text (thinking or answer: both are generated tokens)
 * @param interTokenGaps     gaps between consecutive text chunks, ns (length tokens-1, or fewer on failure)
 * @param server             the final chunk's timings, or null when there was none
 * @param outcome            how it ended
 * @param httpStatus         the response status, or 0 when none arrived
 * @param message            the error message, or null
 * @param answer             the text of the answer as received (whole or not), when the request asked to keep it
 *                           (a conversation's next turn carries it); else null
 * @param firstThinkingNanos arrival of the first chunk carrying thinking text (docs/ollama-api.md §1.7), or -1 if
 *                           none arrived (the model did not think)
 */
public record StreamObservation(
        String model,
        long intendedStartNanos,
        long sendNanos,
        long firstTokenNanos,
        long endNanos,
        int tokens,
        long[] interTokenGaps,
        ServerTimings server,
        RequestOutcome outcome,
        int httpStatus,
        String message,
        String answer,
        long firstThinkingNanos) {

    /** An observation of an answer without thinking. */
    public StreamObservation(
            String model,
            long intendedStartNanos,
            long sendNanos,
            long firstTokenNanos,
            long endNanos,
            int tokens,
            long[] interTokenGaps,
            ServerTimings server,
            RequestOutcome outcome,
            int httpStatus,
            String message,
            String answer) {
        this(
                model,
                intendedStartNanos,
                sendNanos,
                firstTokenNanos,
                endNanos,
                tokens,
                interTokenGaps,
                server,
                outcome,
                httpStatus,
                message,
                answer,
                -1);
    }

    /** An observation that did not keep the answer's text. */
    public StreamObservation(
            String model,
            long intendedStartNanos,
            long sendNanos,
            long firstTokenNanos,
            long endNanos,
            int tokens,
            long[] interTokenGaps,
            ServerTimings server,
            RequestOutcome outcome,
            int httpStatus,
            String message) {
        this(
                model,
                intendedStartNanos,
                sendNanos,
                firstTokenNanos,
                endNanos,
                tokens,
                interTokenGaps,
                server,
                outcome,
                httpStatus,
                message,
                null);
    }

    public StreamObservation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(interTokenGaps, "interTokenGaps");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Time to first token from the send, or -1 when no token arrived. */
    public long ttftNanos() {
        return firstTokenNanos < 0 ? -1 : firstTokenNanos - sendNanos;
    }

    /** End-to-end latency from the send. */
    public long e2eNanos() {
        return endNanos - sendNanos;
    }

    /** End-to-end latency from the intended start (what an open-model user experienced). */
    public long e2eFromIntendedNanos() {
        return endNanos - intendedStartNanos;
    }

    /**
     * Time to the first thinking chunk from the intended start (as {@link #ttftFromIntendedNanos()}), or -1 when
     * the model did not think.
     */
    public long ttftThinkingFromIntendedNanos() {
        return firstThinkingNanos < 0 ? -1 : firstThinkingNanos - intendedStartNanos;
    }

    /**
     * How long the model thought: from its first thinking chunk to the first chunk of the answer, or -1 when it did
     * not think or never answered.
     */
    public long thinkingNanos() {
        return firstThinkingNanos < 0 || firstTokenNanos < 0 ? -1 : firstTokenNanos - firstThinkingNanos;
    }

    /** Time to first token from the intended start, or -1 when no token arrived. */
    public long ttftFromIntendedNanos() {
        return firstTokenNanos < 0 ? -1 : firstTokenNanos - intendedStartNanos;
    }

    /**
     * The final chunk's server-side timings (docs/ollama-api.md §1.3), in nanoseconds; absent fields are 0.
     */
    public record ServerTimings(
            long totalNanos, long loadNanos, int promptEvalCount, long promptEvalNanos, int evalCount, long evalNanos) {

        /** Server-side time to first token: load plus prompt evaluation. */
        public long serverTtftNanos() {
            return loadNanos + promptEvalNanos;
        }

        /**
         * The server-side wait for a parallel slot: {@code total - load - prompt_eval - eval}
         * (docs/ollama-api.md §1.3; includes a few ms of template and tokenizer work), never negative.
         */
        public long slotWaitNanos() {
            return Math.max(0, totalNanos - loadNanos - promptEvalNanos - evalNanos);
        }

        /** Output tokens per second of this request ({@code eval_count / eval_duration}), or 0. */
        public double outputTokensPerSecond() {
            return evalNanos <= 0 ? 0 : evalCount * 1e9 / evalNanos;
        }
    }
}
