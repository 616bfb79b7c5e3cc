package dev.ollamaperf.client.api;

import java.util.Objects;

/**
 * One {@code /api/chat} response object: a streamed chunk, the final chunk (with {@link Metrics}), or the whole
 * non-streamed answer.
 *
 * @param model      the model name exactly as the request spelled it
 * @param createdAt  RFC3339 timestamp as sent
 * @param message    the (partial) assistant message; content {@code ""} on a stream's final chunk
 * @param done       true on the final object
 * @param doneReason {@code stop}, {@code length}, {@code load}, {@code unload}; {@code null} when absent
 * @param metrics    timings; {@link Metrics#NONE} when absent
 */
public record ChatResponse(
        String model, String createdAt, ChatMessage message, boolean done, String doneReason, Metrics metrics) {

    public ChatResponse {
        Objects.requireNonNull(model, "model");
        message = message == null ? ChatMessage.assistant("") : message;
        metrics = metrics == null ? Metrics.NONE : metrics;
    }
}
