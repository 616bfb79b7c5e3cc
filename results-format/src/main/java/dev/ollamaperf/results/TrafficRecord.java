package dev.ollamaperf.results;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One model request as the gateway saw it: one line of a traffic log ({@code OLLAMA_TRAFFIC_LOG}), read back by
 * the load tests' replay. Written one JSON object per line by {@link FormatFiles#trafficLine}, read by
 * {@link FormatFiles#readTraffic}. Every field is present on every line; the ones that can be unknown are
 * {@code null} then.
 *
 * @param v            format version, 1
 * @param arrival      when the gateway took the request, ISO-8601 UTC with milliseconds
 * @param endpoint     {@code /api/chat}, {@code /api/generate}, {@code /api/embed} or {@code /v1/chat/completions}
 * @param model        the model the request named
 * @param stream       whether the answer was asked as a stream ({@code stream}, with the endpoint's default)
 * @param options      the options that shape the work, as sent
 * @param promptTokens prompt tokens from the answer's final counters ({@code prompt_eval_count}, {@code /v1}:
 *                     {@code usage.prompt_tokens}), >= 0; null when the answer carried none
 * @param outputTokens generated tokens ({@code eval_count}, {@code /v1}: {@code usage.completion_tokens}), >= 0;
 *                     null when the answer carried none (and always for embeddings)
 * @param messageCount messages in the request ({@code /api/generate}: 1), >= 0; null for embeddings
 * @param session      hex SHA-256 prefix (16 digits) of the conversation's opening: the same for every turn of one
 *                     conversation; null for embeddings
 * @param servedBy     the model that answered (another one after a fallback); null when nothing answered
 * @param cacheHit     whether the answer came from the response cache; null when the gateway cannot tell (an
 *                     embedder's client without the gateway's probe)
 * @param outcome      {@code ok}, {@code error} or {@code cancelled} (the caller left)
 * @param status       the HTTP status of the answer (for an error after the first chunk: the error's status,
 *                     while the caller saw 200 and an error line); null when cancelled before any answer
 * @param ttftMs       arrival to the first answer byte written, milliseconds, >= 0; null when none was written
 * @param totalMs      arrival to the end of the answer, milliseconds, >= 0
 * @param text         the messages and the answer text; null unless {@code OLLAMA_TRAFFIC_LOG_TEXT=true}
 */
public record TrafficRecord(
        int v,
        String arrival,
        String endpoint,
        String model,
        boolean stream,
        TrafficOptions options,
        Long promptTokens,
        Long outputTokens,
        Integer messageCount,
        String session,
        String servedBy,
        Boolean cacheHit,
        String outcome,
        Integer status,
        Double ttftMs,
        double totalMs,
        TrafficText text) {

    /** The endpoints a traffic log records. */
    public static final Set<String> ENDPOINTS =
            Set.of("/api/chat", "/api/generate", "/api/embed", "/v1/chat/completions");
    /** The outcomes a line can have. */
    public static final List<String> OUTCOMES = List.of("ok", "error", "cancelled");

    public TrafficRecord {
        if (v != 1) {
            throw new IllegalArgumentException(
                    "'v' must be 1 (the only traffic log version this reader knows), got: " + v);
        }
        Checks.instant(arrival, "arrival");
        if (!ENDPOINTS.contains(endpoint)) {
            throw new IllegalArgumentException("'endpoint' must be one of "
                    + String.join(", ", ENDPOINTS.stream().sorted().toList()) + ", got: " + endpoint);
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        nonNegative(promptTokens, "prompt_tokens");
        nonNegative(outputTokens, "output_tokens");
        if (messageCount != null) {
            Checks.nonNegative(messageCount, "message_count");
        }
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException(
                    "'outcome' must be one of " + String.join(", ", OUTCOMES) + ", got: " + outcome);
        }
        if (status != null && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("'status' must be an HTTP status 100..599, got: " + status);
        }
        if (ttftMs != null) {
            Checks.nonNegative(ttftMs, "ttft_ms");
        }
        Checks.nonNegative(totalMs, "total_ms");
    }

    private static void nonNegative(Long value, String field) {
        if (value != null) {
            Checks.nonNegative(value, field);
        }
    }

    /**
     * The options that shape the work, as the request sent them; each null when not sent. For
     * {@code /v1/chat/completions}, {@code max_tokens} (or {@code max_completion_tokens}) is recorded as
     * {@code num_predict}.
     */
    public record TrafficOptions(Long numPredict, Long numCtx, Double temperature, Long seed) {
        /** No option sent. */
        public static final TrafficOptions NONE = new TrafficOptions(null, null, null, null);
    }

    /**
     * The text of a request and its answer, recorded only when switched on.
     *
     * @param messages the request's messages in order ({@code /api/generate}: {@code system}, if any, then the
     *                 prompt as a {@code user} message; embeddings: each input as a {@code user} message)
     * @param answer   the answer's text; null when there was none (an error, embeddings)
     */
    public record TrafficText(List<TrafficMessage> messages, String answer) {
        public TrafficText {
            messages = List.copyOf(messages);
        }
    }

    /** One message: its role and its text content. */
    public record TrafficMessage(String role, String content) {
        public TrafficMessage {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }
}
