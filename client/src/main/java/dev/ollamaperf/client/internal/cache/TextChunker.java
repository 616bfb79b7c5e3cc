package dev.ollamaperf.client.internal.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an answer into word-sized pieces for replaying an answer that was stored without its original
 * chunks (a non-streaming response): each piece starts where whitespace begins after a word, as
 * tokens usually do ({@code "Blue light"} gives {@code "Blue", " light"}). Joining the pieces gives
 * the text back exactly.
 */
public final class TextChunker {

    private TextChunker() {}

    public static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
                pieces.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }
}
