package dev.ollamaperf.recorder;

import java.util.SplittableRandom;

/**
 * The recorder's prompts. Each one starts with a number never used before in the run, so no
 * request can reuse another's cached prompt prefix (Ollama keeps a slot's prefix cache, which would
 * make prefill look almost free, docs/ollama-api.md §5).
 *
 * The prompt-cache probe ({@link #extend}) is the one deliberate exception.
 *
 * <p>Filler words are short common English words followed by a space: about one token each for the
 * BPE tokenizers of the Llama family, and exactly four characters each, which the emulator counts as
 * one token. The fits use the server's own {@code prompt_eval_count}, so the exact ratio does not matter.
 */
final class Prompts {

    private static final String[] WORDS = {
        "the", "and", "for", "you", "are", "was", "one", "all", "can", "her", "him", "his", "how", "man", "new", "now",
        "old", "see", "two", "way", "who", "boy", "did", "its", "let", "put", "say", "she", "too", "use", "day", "get",
        "has", "had", "may", "out", "our", "sun", "sea", "sky"
    };

    private static final String[] TOPICS = {
        "lighthouses",
        "bread",
        "rivers",
        "bicycles",
        "clocks",
        "bees",
        "glaciers",
        "maps",
        "violins",
        "tea",
        "bridges",
        "owls",
        "deserts",
        "kites",
        "libraries",
        "volcanoes"
    };

    private final SplittableRandom random;
    private long counter;

    Prompts(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A prompt of about {@code tokens} tokens that asks for nothing in particular. */
    String ofTokens(int tokens) {
        StringBuilder b = new StringBuilder("Note ").append(nonce()).append(": ");
        int words = Math.max(0, tokens - 3);
        for (int i = 0; i < words; i++) {
            b.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return b.toString().strip();
    }

    /**
     * {@code prefix} followed by about {@code tokens} more filler words: a prompt whose start a slot may
     * already hold (the prompt-cache probe sends {@code prefix} first).
     */
    String extend(String prefix, int tokens) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < tokens; i++) {
            b.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    /** A short request for prose whose length the model chooses. */
    String forProse() {
        return "Request " + nonce() + ": write a short paragraph about " + TOPICS[random.nextInt(TOPICS.length)] + ".";
    }

    private String nonce() {
        return Long.toString(++counter) + "-" + Integer.toString(random.nextInt(1_000_000), 36);
    }
}
