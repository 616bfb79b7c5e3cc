package dev.ollamaperf.client.api.openai;

/**
 * One choice of a non-streamed completion.
 *
 * @param index        always 0 for Ollama
 * @param message      the answer
 * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
 */
public record ChatCompletionChoice(int index, OpenAiMessage message, String finishReason) {}
