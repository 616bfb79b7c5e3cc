package dev.ollamaperf.recorder;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code record-profile} run measures, validated here; the command line fills it.
 *
 * @param target          the Ollama to measure
 * @param models          model names as the user wrote them, at least one, no duplicates
 * @param out             the profile file to write
 * @param parallel        highest level of the batching curve, 1..64 (1 = no curve)
 * @param samples         requests per prompt length and generation requests, 2..1000
 * @param promptTokens    prompt lengths for the prefill fit, 2 or more distinct values, each 1..32768
 * @param loadSamples     cold loads per model that was not loaded at the start, 1..20
 * @param batchTokens     {@code num_predict} of each batching-curve request, 4..4096
 * @param batchRounds     rounds per batching level, 1..20
 * @param maxOutputTokens cap on generation requests ({@code num_predict}), 8..16384; answers that
 *                        reach it are not counted in the output length
 */
record RecorderSettings(
        URI target,
        List<String> models,
        Path out,
        int parallel,
        int samples,
        List<Integer> promptTokens,
        int loadSamples,
        int batchTokens,
        int batchRounds,
        int maxOutputTokens) {

    static final int DEFAULT_PARALLEL = 4;
    static final int DEFAULT_SAMPLES = 6;
    static final List<Integer> DEFAULT_PROMPT_TOKENS = List.of(32, 256, 1024);
    static final int DEFAULT_LOAD_SAMPLES = 3;
    static final int DEFAULT_BATCH_TOKENS = 64;
    static final int DEFAULT_BATCH_ROUNDS = 2;
    static final int DEFAULT_MAX_OUTPUT_TOKENS = 512;

    RecorderSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(out, "out");
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        promptTokens = List.copyOf(Objects.requireNonNull(promptTokens, "promptTokens"));
        if (models.isEmpty() || models.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("'--models' must name at least one model, got: " + models);
        }
        if (models.stream().distinct().count() != models.size()) {
            throw new IllegalArgumentException("'--models' must not repeat a model, got: " + models);
        }
        range("--parallel", parallel, 1, 64);
        range("--samples", samples, 2, 1000);
        range("--load-samples", loadSamples, 1, 20);
        range("--batch-tokens", batchTokens, 4, 4096);
        range("--batch-rounds", batchRounds, 1, 20);
        range("--max-output-tokens", maxOutputTokens, 8, 16384);
        for (int tokens : promptTokens) {
            range("--prompt-tokens", tokens, 1, 32768);
        }
        if (promptTokens.stream().distinct().count() < 2) {
            throw new IllegalArgumentException("'--prompt-tokens' must hold 2 or more different lengths (the"
                    + " prefill fit is a line), got: " + promptTokens);
        }
    }

    private static void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "'" + option + "' must be between " + min + " and " + max + ", got: " + value);
        }
    }

    @Override
    public String toString() {
        return "target=" + target + " models=" + String.join(",", models) + " out=" + out + " parallel=" + parallel
                + " samples=" + samples + " promptTokens=" + promptTokens + " loadSamples=" + loadSamples
                + " batchTokens=" + batchTokens + " batchRounds=" + batchRounds + " maxOutputTokens="
                + maxOutputTokens;
    }
}
