package dev.ollamaperf.client.api.openai;

import java.util.List;
import java.util.Map;

/**
 * A {@code /v1} chat message, also used as a streamed {@code delta} (where every field may be {@code null}, and an
 * all-null delta is written as {@code {}}).
 *
 * @param role       {@code system}, {@code user}, {@code assistant}, {@code tool}; {@code null} in later deltas
 * @param content    text, {@code null} when absent
 * @param reasoning  thinking text (Ollama's name for it on /v1), {@code null} when absent
 * @param toolCalls  OpenAI-shaped tool calls (arguments as a JSON string), {@code null} when absent
 * @param toolCallId for role {@code tool}, {@code null} when absent
 * @param name       optional participant/tool name
 */
public record OpenAiMessage(
        String role,
        String content,
        String reasoning,
        List<Map<String, Object>> toolCalls,
        String toolCallId,
        String name) {

    public OpenAiMessage {
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    }

    /** A message with only a role and content. */
    public static OpenAiMessage of(String role, String content) {
        return new OpenAiMessage(role, content, null, null, null, null);
    }
}
