package dev.ollamaperf.client.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One choice of a streamed chunk. {@code finish_reason} is written even when null, as OpenAI and Ollama do.
 *
 * @param index        always 0 for Ollama
 * @param delta        the increment ({@code {}} on the finish chunk)
 * @param finishReason {@code null} until the finish chunk
 */
public record ChunkChoice(
        int index,
        OpenAiMessage delta,
        @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {}
