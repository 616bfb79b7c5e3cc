package dev.ollamaperf.client.api.openai;

import java.util.List;

/**
 * Non-streamed {@code /v1/chat/completions} response ({@code object = "chat.completion"}). Ollama's ids are
 * {@code chatcmpl-<0..998>} and therefore not unique.
 */
public record ChatCompletionResponse(
        String id,
        String object,
        long created,
        String model,
        String systemFingerprint,
        List<ChatCompletionChoice> choices,
        Usage usage) {

    public ChatCompletionResponse {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
