package dev.ollamaperf.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * An emulator profile file: the models an emulator serves and how fast they run. Written by the load tests'
 * {@code record-profile} ({@link FormatFiles#writeProfiles}); read by the emulator for its built-in catalogue and
 * for {@code --profiles FILE} ({@link FormatFiles#readProfiles}).
 *
 * <p>Unlike the run folder's files it is also written by hand (the built-in catalogue cites a source per
 * profile), so its names are the emulator's camelCase ones, a file may be a bare array of profiles or an object
 * with a {@code profiles} array, a {@code comment} is allowed anywhere, and it has no version. This record holds
 * the file's shape: every field present and of its JSON type, durations as Go duration strings
 * ({@code "6.2s"}, {@code "150ms"}). What the values mean and their valid ranges are the emulator's to check
 * ({@code ModelProfile} there), since a profile describes an emulated model.
 *
 * @param comment the file's top-level comment lines, possibly empty (then not written)
 * @param profiles at least one profile
 */
public record ProfileFile(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> comment, List<Profile> profiles) {

    public ProfileFile {
        comment = List.copyOf(Objects.requireNonNull(comment, "comment"));
        profiles = List.copyOf(Objects.requireNonNull(profiles, "profiles"));
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("'profiles' must hold at least one profile, got none");
        }
    }

    /**
     * One emulated model, field for field as the file spells it.
     *
     * @param name full name with tag, e.g. {@code llama3.2:latest}
     * @param family e.g. {@code llama}
     * @param parameterSize e.g. {@code 3.2B}
     * @param quantizationLevel e.g. {@code Q4_K_M}
     * @param sizeBytes weights on disk and in memory
     * @param trainedContextLength the model's trained context
     * @param kvBytesPerToken KV-cache bytes per token of context, per slot
     * @param loadTime cold load time, a Go duration string
     * @param promptTokensPerSecond prefill rate of one request alone
     * @param promptOverhead fixed prefill cost per request, a Go duration string
     * @param generationTokensPerSecond decode rate of one request alone
     * @param jitter relative standard deviation of each token's interval
     * @param serialFraction the batching curve's serial fraction
     * @param outputTokensMean mean output length when {@code num_predict} is not set
     * @param outputTokensStdDev its standard deviation
     * @param thinkingTokensMedian median thinking tokens per answer of a thinking model, 0 otherwise (0 is not
     *     written)
     * @param thinkingTokensSpread the standard deviation of their logarithm (log-normal), 0 is not written
     * @param capabilities e.g. {@code ["completion","tools"]} or {@code ["embedding"]}
     * @param embeddingLength vector length for embedding models, 0 otherwise (0 is not written)
     * @param source where the numbers come from
     * @param cachedPromptTokenCost prefill time of a prompt token reused from a slot's cache, as a share of a new
     *     token's (0: free, as llama-server skips it; 0 is not written, and an absent field reads as 0)
     */
    public record Profile(
            String name,
            String family,
            String parameterSize,
            String quantizationLevel,
            long sizeBytes,
            int trainedContextLength,
            long kvBytesPerToken,
            String loadTime,
            double promptTokensPerSecond,
            String promptOverhead,
            double generationTokensPerSecond,
            double jitter,
            double serialFraction,
            int outputTokensMean,
            int outputTokensStdDev,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) int thinkingTokensMedian,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) double thinkingTokensSpread,
            List<String> capabilities,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) int embeddingLength,
            String source,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) double cachedPromptTokenCost) {

        /** A profile of a model that does not think and whose reused prompt tokens cost nothing. */
        public Profile(
                String name,
                String family,
                String parameterSize,
                String quantizationLevel,
                long sizeBytes,
                int trainedContextLength,
                long kvBytesPerToken,
                String loadTime,
                double promptTokensPerSecond,
                String promptOverhead,
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

        public Profile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(parameterSize, "parameterSize");
            Objects.requireNonNull(quantizationLevel, "quantizationLevel");
            Objects.requireNonNull(loadTime, "loadTime");
            Objects.requireNonNull(promptOverhead, "promptOverhead");
            capabilities = List.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
            Objects.requireNonNull(source, "source");
        }
    }
}
