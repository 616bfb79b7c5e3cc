package dev.ollamaperf.load.run;

import java.util.SplittableRandom;

/**
 * Prompts of a given approximate token length, made from a fixed vocabulary with a seed, so a run
 * can be repeated exactly. About one token per word, as Ollama's tokenizers give for plain English.
 */
public final class SyntheticPrompts {

    private static final String[] WORDS = {
        "explain",
        "how",
        "a",
        "cache",
        "reduces",
        "latency",
        "for",
        "the",
        "model",
        "when",
        "many",
        "users",
        "ask",
        "similar",
        "questions",
        "about",
        "their",
        "orders",
        "and",
        "invoices",
        "in",
        "one",
        "short",
        "paragraph",
        "with",
        "an",
        "example",
        "from",
        "production",
        "systems",
        "that",
        "run",
        "locally"
    };

    private SyntheticPrompts() {}

    /** A prompt of about {@code tokens} tokens (at least one word), different for each seed. */
    public static String ofTokens(int tokens, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder prompt = new StringBuilder(tokens * 7);
        for (int i = 0; i < Math.max(1, tokens); i++) {
            if (i > 0) {
                prompt.append(' ');
            }
            prompt.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return prompt.append('.').toString();
    }
}
