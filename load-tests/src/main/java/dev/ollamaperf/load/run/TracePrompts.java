package dev.ollamaperf.load.run;

/**
 * Text of an exact length for the replay: the words of {@link SyntheticPrompts}, cut or repeated to the length.
 *
 * <p>The length is what the replay controls, because the emulator estimates prompt tokens from it: one token per
 * four characters, rounded up ({@code emulator/README.md}), so {@code 4 * n} characters are exactly {@code n}
 * tokens there. Against a real model the same text, common English words at about six characters each, is about
 * two tokens per three counted here (and the chat template adds its own): a replay against Ollama keeps the
 * relative sizes of the recorded prompts, not their exact counts.
 */
final class TracePrompts {

    /** Characters per prompt token in the emulator's estimate. */
    static final int CHARS_PER_TOKEN = 4;

    private TracePrompts() {}

    /** Text of exactly {@code chars} characters (at least 1), different for each seed. */
    static String ofChars(int chars, long seed) {
        int length = Math.max(1, chars);
        String words = SyntheticPrompts.ofTokens(length / 4 + 1, seed);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(words, 0, Math.min(words.length(), length - text.length()));
            if (text.length() < length) {
                text.append(' ');
            }
        }
        return text.toString();
    }
}
