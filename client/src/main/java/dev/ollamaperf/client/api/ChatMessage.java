package dev.ollamaperf.client.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One chat message. {@code role} is lower-cased as Ollama does on input.
 *
 * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content    text (may be empty, never null)
 * @param thinking   thinking text, {@code null} when absent
 * @param images     base64-encoded images, {@code null} when absent
 * @param toolCalls  tool calls, {@code null} when absent
 * @param toolName   for role {@code tool}: the tool whose result this is, {@code null} when absent
 * @param toolCallId for role {@code tool}: the call answered, {@code null} when absent
 */
public record ChatMessage(
        String role,
        String content,
        String thinking,
        List<String> images,
        List<ToolCall> toolCalls,
        String toolName,
        String toolCallId) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        role = role.toLowerCase(Locale.ROOT);
        content = content == null ? "" : content;
        images = images == null ? null : List.copyOf(images);
        toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    }

    /** A system message. */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, null, null, null, null);
    }

    /** A user message. */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, null, null, null, null);
    }

    /** An assistant message. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, null, null, null, null);
    }

    /** A tool result for {@code toolName}. */
    public static ChatMessage tool(String toolName, String content) {
        return new ChatMessage("tool", content, null, null, null, toolName, null);
    }
}
