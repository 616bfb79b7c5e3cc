package dev.ollamaperf.emulator.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic output text: each token is a word (or word piece) with a leading space, drawn from a
 * fixed vocabulary by a generator seeded from the request's {@code seed} option, or from the prompt
 * when there is none, mixed with the model name. The same (seed or prompt, model) always gives the
 * same text and the same length.
 */
final class TokenText {

    private static final List<String> VOCABULARY = List.of(
            " the",
            " model",
            " answer",
            " is",
            " a",
            " response",
            " to",
            " your",
            " question",
            " about",
            " data",
            " and",
            " it",
            " can",
            " be",
            " used",
            " for",
            " testing",
            " performance",
            " of",
            " stream",
            "ing",
            " tokens",
            " that",
            " arrive",
            " one",
            " by",
            " over",
            " time",
            " with",
            " latency",
            " through",
            "put",
            " in",
            " each",
            " request",
            " server",
            " client",
            " cache",
            " load",
            " queue",
            " slot",
            " parallel",
            " batch",
            " context",
            " window",
            " prompt",
            " output",
            " result",
            " value",
            " from",
            " this",
            " we",
            " see",
            " how",
            " fast",
            " which",
            " are",
            " not",
            ".",
            ",");

    private final SplittableRandom random;

    private TokenText(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static TokenText forRequest(GenerationRequest request, ModelProfile profile) {
        long base = request.seed() != null ? request.seed() : SeedMixer.hash(request.promptText());
        return new TokenText(SeedMixer.mix(base, SeedMixer.hash(profile.name())));
    }

    /** An output length from a normal distribution, at least 1. */
    int drawLength(int mean, int stdDev) {
        long length = Math.round(mean + stdDev * random.nextGaussian());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, length));
    }

    /**
     * A thinking length from a log-normal distribution: {@code median * exp(spread * z)}, at least 1
     * when the median is; 0 when the median is 0.
     */
    int drawThinking(int median, double spread) {
        if (median == 0) {
            return 0;
        }
        double length = median * Math.exp(spread * random.nextGaussian());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(length)));
    }

    /** The next token's text. */
    String next() {
        return VOCABULARY.get(random.nextInt(VOCABULARY.size()));
    }
}
