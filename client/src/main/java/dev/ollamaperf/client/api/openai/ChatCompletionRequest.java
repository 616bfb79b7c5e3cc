package dev.ollamaperf.client.api.openai;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/chat/completions} request. Unlike the native API, {@code stream} defaults to <em>false</em>,
 * and when {@code temperature}/{@code top_p} are left out Ollama uses 1.0 for both.
 */
public record ChatCompletionRequest(
        String model,
        List<OpenAiMessage> messages,
        Boolean stream,
        StreamOptions streamOptions,
        Integer maxTokens,
        Integer seed,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> stop,

        Double temperature,
        Double topP,
        Double frequencyPenalty,
        Double presencePenalty,
        Map<String, Object> responseFormat,
        List<Map<String, Object>> tools,
        String reasoningEffort) {

    public ChatCompletionRequest {
        Objects.requireNonNull(model, "model");
        messages = messages == null ? List.of() : List.copyOf(messages);
        stop = stop == null ? null : List.copyOf(stop);
        responseFormat =
                responseFormat == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(responseFormat));
        tools = tools == null ? null : List.copyOf(tools);
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("'max_tokens' must be >= 1, got: " + maxTokens);
        }
    }

    /** A request with only a model, messages and the stream flag. */
    public static ChatCompletionRequest of(String model, List<OpenAiMessage> messages, boolean stream) {
        return new ChatCompletionRequest(
                model, messages, stream, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This request with usage requested at the end of the stream. */
    public ChatCompletionRequest withIncludeUsage() {
        return new ChatCompletionRequest(
                model,
                messages,
                stream,
                new StreamOptions(true),
                maxTokens,
                seed,
                stop,
                temperature,
                topP,
                frequencyPenalty,
                presencePenalty,
                responseFormat,
                tools,
                reasoningEffort);
    }
}
