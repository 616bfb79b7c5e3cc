package dev.ollamaperf.client.api;

import java.util.List;
import java.util.Objects;

/**
 * One {@code /api/generate} response object: a streamed chunk ({@code done=false}), the final chunk
 * ({@code done=true}, with {@link Metrics}), or the whole non-streamed answer.
 *
 * @param model      the model name exactly as the request spelled it
 * @param createdAt  RFC3339 timestamp as sent (kept as text: parsing it on every chunk costs and is rarely needed)
 * @param response   text of this chunk (never null; {@code ""} on the final chunk of a stream)
 * @param thinking   thinking text, {@code null} when absent
 * @param done       true on the final object
 * @param doneReason {@code stop}, {@code length}, {@code load}, {@code unload}; {@code null} when absent
 * @param context    conversation memory (deprecated by Ollama), {@code null} when absent
 * @param toolCalls  tool calls on the final chunk, {@code null} when absent
 * @param metrics    timings; {@link Metrics#NONE} when absent
 */
public record GenerateResponse(
        String model,
        String createdAt,
        String response,
        String thinking,
        boolean done,
        String doneReason,
        List<Integer> context,
        List<ToolCall> toolCalls,
        Metrics metrics) {

    public GenerateResponse {
        Objects.requireNonNull(model, "model");
        response = response == null ? "" : response;
        metrics = metrics == null ? Metrics.NONE : metrics;
        context = context == null ? null : List.copyOf(context);
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    }
}
