package dev.ollamaperf.emulator.engine;

import java.util.Arrays;

/**
 * The emulator's tokenizer: a text is cut into pieces of four characters from its start (the last
 * piece may be shorter), about what a BPE tokenizer averages on English text, and each piece is one
 * token whose id packs its four UTF-16 characters into a {@code long}. Two texts therefore share
 * exactly as many leading tokens as they share whole leading pieces, which is what the prompt cache
 * compares: a chat history that grows at its end keeps every token of the previous turn except the
 * last, partial piece.
 *
 * <p>The trap: pieces are aligned to the start of the text, so text inserted at the front (a new
 * system prompt) changes every token after it, as a real tokenizer's cache reuse does too.
 */
final class PromptTokens {

    /** Characters per token. */
    static final int CHARS_PER_TOKEN = 4;

    private static final long[] NONE = new long[0];
    private static final char PAD = '\uffff';

    private PromptTokens() {}

    /** The tokens of {@code text}: {@code ceil(length / 4)} of them, none for an empty text. */
    static long[] of(String text) {
        int length = text.length();
        if (length == 0) {
            return NONE;
        }
        long[] tokens = new long[(length + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN];
        for (int t = 0; t < tokens.length; t++) {
            int start = t * CHARS_PER_TOKEN;
            int end = Math.min(length, start + CHARS_PER_TOKEN);
            long id = 0;
            for (int i = start; i < start + CHARS_PER_TOKEN; i++) {
                // a short last piece is padded with U+FFFF, a noncharacter that text does not contain
                id = (id << 16) | (i < end ? text.charAt(i) : PAD);
            }
            tokens[t] = id;
        }
        return tokens;
    }

    /** The length of the longest common prefix of {@code a[0, aLength)} and {@code b}. */
    static int commonPrefix(long[] a, int aLength, long[] b) {
        int limit = Math.min(aLength, b.length);
        int mismatch = Arrays.mismatch(a, 0, limit, b, 0, limit);
        return mismatch < 0 ? limit : mismatch;
    }
}
