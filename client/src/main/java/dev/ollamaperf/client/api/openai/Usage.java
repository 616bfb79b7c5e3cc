package dev.ollamaperf.client.api.openai;

/**
 * Token usage, mapped by Ollama from {@code prompt_eval_count} and {@code eval_count}.
 *
 * @param promptTokens     input tokens, >= 0
 * @param completionTokens output tokens, >= 0
 * @param totalTokens      their sum, >= 0
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("usage token counts must be >= 0, got: prompt=" + promptTokens
                    + " completion=" + completionTokens + " total=" + totalTokens);
        }
    }
}
