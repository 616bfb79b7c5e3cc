package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.List;

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
 * @param capabilities            e.g. ["completion","tools"] or ["embedding"]
 * @param embeddingLength         vector length for embedding models, 0 otherwise
 * @param source                  where the speeds come from (citation)
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
        List<String> capabilities,
        int embeddingLength,
        String source) {
}
