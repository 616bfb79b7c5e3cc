package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one emulated model looks (what /api/tags and /api/show report) and how fast it runs.
 * Loaded from the profile catalogue (JSON); every speed cites its source there.
 *
 * @param name                    full name with tag, e.g. "llama3.2:latest"
 * @param family                  e.g. "llama"
 * @param parameterSize           e.g. "3.2B"
 * @param quantizationLevel       e.g. "Q4_K_M"
 * @param sizeBytes               weights on disk and in memory (the /api/tags size)
 * @param trainedContextLength    the model's trained context (num_ctx is clamped to it)
 * @param kvBytesPerToken         KV-cache bytes per token of context, per slot
 * @param loadTime                cold load time
 * @param promptTokensPerSecond   prefill rate of one request alone
 * @param promptOverhead          fixed prefill cost per request (tokenizer, first batch)
 * @param generationTokensPerSecond decode rate of one request alone
 * @param jitter                  relative standard deviation of each token's interval (0..1)
 * @param serialFraction          batching curve: per-slot rate with n active is r1/(1+s(n-1))
 * @param outputTokensMean        mean output length when num_predict is not set
 * @param outputTokensStdDev      its standard deviation
 * @param thinkingTokensMedian    median thinking tokens before the answer, when the model thinks (0: none)
 * @param thinkingTokensSpread    their spread: the standard deviation of the log of the count (log-normal,
 *                                0 = always the median; 0.5 puts the middle two-thirds within about
 *                                0.6x-1.6x of it)
 * @param capabilities            e.g. ["completion","tools"] or ["embedding"]
 * @param embeddingLength         vector length for embedding models, 0 otherwise
 * @param source                  where the speeds come from (citation)
 * @param cachedPromptTokenCost   prefill time of a prompt token reused from the slot's cache, as a share of
 *                                a new token's, 0..1 (0: free, as llama-server skips it; a recorded profile
 *                                carries the residual cost the real server showed)
 */
public record ModelProfile(
        String name,
        String family,
        String parameterSize,
        String quantizationLevel,
        long sizeBytes,
        int trainedContextLength,
        long kvBytesPerToken,
        Duration loadTime,
        double promptTokensPerSecond,
        Duration promptOverhead,
        double generationTokensPerSecond,
        double jitter,
        double serialFraction,
        int outputTokensMean,
        int outputTokensStdDev,
        int thinkingTokensMedian,
        double thinkingTokensSpread,
        List<String> capabilities,
        int embeddingLength,
        String source,
        double cachedPromptTokenCost) {

    /** The capability that marks an embedding model (always loaded with one parallel slot). */
    public static final String EMBEDDING = "embedding";
    /** The capability of models that think before they answer ({@code think}, docs/ollama-api.md §1.7). */
    public static final String THINKING = "thinking";
    /** The capability of models that can call tools ({@code tools}, docs/ollama-api.md §1.2). */
    public static final String TOOLS = "tools";

    public ModelProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(parameterSize, "parameterSize");
        Objects.requireNonNull(quantizationLevel, "quantizationLevel");
        Objects.requireNonNull(loadTime, "loadTime");
        Objects.requireNonNull(promptOverhead, "promptOverhead");
        Objects.requireNonNull(source, "source");
        capabilities = List.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
        if (name.isBlank()) {
            throw new IllegalArgumentException("profile 'name' must not be blank");
        }
        name = ModelCatalogue.fullName(name);
        String what = "profile '" + name + "': ";
        requireAtLeast(what + "'sizeBytes'", sizeBytes, 1);
        requireAtLeast(what + "'trainedContextLength'", trainedContextLength, 4);
        requireAtLeast(what + "'kvBytesPerToken'", kvBytesPerToken, 0);
        requireAtLeast(what + "'outputTokensMean'", outputTokensMean, 1);
        requireAtLeast(what + "'outputTokensStdDev'", outputTokensStdDev, 0);
        requireAtLeast(what + "'embeddingLength'", embeddingLength, 0);
        requireAtLeast(what + "'thinkingTokensMedian'", thinkingTokensMedian, 0);
        if (!(thinkingTokensSpread >= 0 && thinkingTokensSpread <= 3)) {
            throw new IllegalArgumentException(
                    what + "'thinkingTokensSpread' must be between 0 and 3, got: " + thinkingTokensSpread);
        }
        if (loadTime.isNegative() || promptOverhead.isNegative()) {
            throw new IllegalArgumentException(what + "'loadTime' and 'promptOverhead' must be 0 or more, got: "
                    + GoDuration.format(loadTime) + ", " + GoDuration.format(promptOverhead));
        }
        requirePositive(what + "'promptTokensPerSecond'", promptTokensPerSecond);
        requirePositive(what + "'generationTokensPerSecond'", generationTokensPerSecond);
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException(what + "'jitter' must be between 0 and 1, got: " + jitter);
        }
        if (!(serialFraction >= 0 && serialFraction <= 1)) {
            throw new IllegalArgumentException(
                    what + "'serialFraction' must be between 0 and 1, got: " + serialFraction);
        }
        if (!(cachedPromptTokenCost >= 0 && cachedPromptTokenCost <= 1)) {
            throw new IllegalArgumentException(
                    what + "'cachedPromptTokenCost' must be between 0 and 1, got: " + cachedPromptTokenCost);
        }
        if (capabilities.contains(EMBEDDING) && embeddingLength < 1) {
            throw new IllegalArgumentException(
                    what + "'embeddingLength' must be 1 or more for an embedding" + " model, got: " + embeddingLength);
        }
    }

    /** A profile of a model that does not think and whose cached prompt tokens cost nothing (llama-server's ideal). */
    public ModelProfile(
            String name,
            String family,
            String parameterSize,
            String quantizationLevel,
            long sizeBytes,
            int trainedContextLength,
            long kvBytesPerToken,
            Duration loadTime,
            double promptTokensPerSecond,
            Duration promptOverhead,
            double generationTokensPerSecond,
            double jitter,
            double serialFraction,
            int outputTokensMean,
            int outputTokensStdDev,
            List<String> capabilities,
            int embeddingLength,
            String source) {
        this(
                name,
                family,
                parameterSize,
                quantizationLevel,
                sizeBytes,
                trainedContextLength,
                kvBytesPerToken,
                loadTime,
                promptTokensPerSecond,
                promptOverhead,
                generationTokensPerSecond,
                jitter,
                serialFraction,
                outputTokensMean,
                outputTokensStdDev,
                0,
                0,
                capabilities,
                embeddingLength,
                source,
                0);
    }

    /** True when the model lists the capability (e.g. {@link #THINKING}, {@link #TOOLS}). */
    public boolean has(String capability) {
        return capabilities.contains(capability);
    }

    /** This profile with another {@link #cachedPromptTokenCost}, 0..1. */
    public ModelProfile withCachedPromptTokenCost(double cost) {
        return new ModelProfile(
                name,
                family,
                parameterSize,
                quantizationLevel,
                sizeBytes,
                trainedContextLength,
                kvBytesPerToken,
                loadTime,
                promptTokensPerSecond,
                promptOverhead,
                generationTokensPerSecond,
                jitter,
                serialFraction,
                outputTokensMean,
                outputTokensStdDev,
                thinkingTokensMedian,
                thinkingTokensSpread,
                capabilities,
                embeddingLength,
                source,
                cost);
    }

    /**
     * Prefill time of a prompt: the fixed overhead, the new tokens at the prefill rate, and the tokens reused
     * from the slot's cache at {@link #cachedPromptTokenCost} of that.
     *
     * @param newTokens    tokens evaluated, 0 or more
     * @param cachedTokens tokens reused from the slot, 0 or more
     */
    public long prefillNanos(int newTokens, int cachedTokens) {
        double tokens = newTokens + cachedPromptTokenCost * cachedTokens;
        return promptOverhead.toNanos() + Math.round(tokens * 1e9 / promptTokensPerSecond);
    }

    /** True when the model has the "embedding" capability. */
    public boolean isEmbedding() {
        return capabilities.contains(EMBEDDING);
    }

    /**
     * Per-slot decode rate with {@code activeSlots} slots busy: {@code r1 / (1 + s * (n - 1))}.
     *
     * @param activeSlots 1 or more
     * @return tokens per second of one stream
     */
    public double slotTokensPerSecond(int activeSlots) {
        int n = Math.max(1, activeSlots);
        return generationTokensPerSecond / (1 + serialFraction * (n - 1));
    }

    private static void requireAtLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be " + min + " or more, got: " + value);
        }
    }

    private static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive number, got: " + value);
        }
    }
}
