package dev.ollamaperf.client.api.openai;

import java.util.List;

/**
 * One streamed {@code /v1/chat/completions} event ({@code object = "chat.completion.chunk"}). The usage chunk has
 * {@code choices = []} and a non-null {@code usage}.
 */
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        String systemFingerprint,
        List<ChunkChoice> choices,
        Usage usage) {

    public ChatCompletionChunk {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** The content of the first choice's delta, or {@code ""}. */
    public String contentDelta() {
        if (choices.isEmpty()
                || choices.get(0).delta() == null
                || choices.get(0).delta().content() == null) {
            return "";
        }
        return choices.get(0).delta().content();
    }

    /** The first choice's finish reason, or {@code null}. */
    public String finishReason() {
        return choices.isEmpty() ? null : choices.get(0).finishReason();
    }
}
