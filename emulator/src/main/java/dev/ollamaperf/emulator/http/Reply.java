package dev.ollamaperf.emulator.http;

import java.util.List;
import java.util.Objects;

/**
 * The whole answer of a non-streamed response: its content, its thinking and its tool calls.
 *
 * @param content   the answer's text ({@code response} or {@code message.content})
 * @param thinking  the thinking text, empty when the model did not think
 * @param toolCalls the tool calls, empty when it answered in text
 */
record Reply(String content, String thinking, List<ToolCall> toolCalls) {

    /** No text at all (load, unload, embeddings). */
    static final Reply EMPTY = new Reply("", "", List.of());

    Reply {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(thinking, "thinking");
        toolCalls = List.copyOf(Objects.requireNonNull(toolCalls, "toolCalls"));
    }
}
