package dev.ollamaperf.load.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a plain native chunk ({@code /api/chat} or {@code /api/generate}, docs/ollama-api.md §1.1, §1.2) straight
 * from its bytes, with no parser object and no string: the shape nearly every line of a stream has.
 *
 * <p>A plain chunk is one JSON object with only {@code model}, {@code created_at}, {@code done_reason} (strings),
 * {@code done} (a boolean), the timings (integers) and the endpoint's text: {@code message} with {@code role},
 * {@code content} and {@code thinking} for chat, {@code response} and {@code thinking} for generate. Its strings are
 * printable ASCII without escapes. Anything else (an error, another field, an escape, a non-ASCII byte, a fraction,
 * a line that is not one complete object) is declined and left to {@link ChunkReader}'s full parse, so nothing is
 * read differently; where the text sits is kept as offsets into the caller's bytes. Jackson's parser, built for each
 * line, was about half of the bytes the harness allocated per line, 745 B a line against the scanner's 49
 * (docs/measurements/2026-12-07-harness-capacity-2.md).
 * Not thread-safe: one stream, one scanner.
 */
final class NativeChunkScanner {

    private static final byte[] MODEL = ascii("model");
    private static final byte[] CREATED_AT = ascii("created_at");
    private static final byte[] DONE_REASON = ascii("done_reason");
    private static final byte[] DONE = ascii("done");
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] ROLE = ascii("role");
    private static final byte[] CONTENT = ascii("content");
    private static final byte[] RESPONSE = ascii("response");
    private static final byte[] THINKING = ascii("thinking");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    /** In {@link StreamObservation.ServerTimings}' order. */
    private static final byte[][] TIMINGS = {
        ascii("total_duration"),
        ascii("load_duration"),
        ascii("prompt_eval_count"),
        ascii("prompt_eval_duration"),
        ascii("eval_count"),
        ascii("eval_duration")
    };

    /** Declining is an answer, not an error: one preallocated exception without a stack trace. */
    private static final Decline DECLINE = new Decline();

    private final boolean chat;

    /** Where the answer text starts in the scanned bytes; its length is {@link #textLength} (0: no text). */
    int textStart;

    int textLength;
    /** The chunk carried thinking text. */
    boolean hasThinking;
    /** {@code "done": true}. */
    boolean done;
    /** The timings, valid when {@link #hasTimings}. */
    final long[] timings = new long[TIMINGS.length];

    boolean hasTimings;

    private byte[] in;
    private int at;
    private int end;

    /** @param api {@link OllamaApi#CHAT} or {@link OllamaApi#GENERATE} */
    NativeChunkScanner(OllamaApi api) {
        if (api.serverSentEvents()) {
            throw new IllegalArgumentException("a native endpoint's chunks only, got: " + api);
        }
        this.chat = api == OllamaApi.CHAT;
    }

    /** Scans one line; true when it is a plain chunk (the fields describe it), false to read it in full. */
    boolean scan(byte[] bytes, int offset, int length) {
        in = bytes;
        at = offset;
        end = offset + length;
        textLength = 0;
        hasThinking = false;
        done = false;
        hasTimings = false;
        Arrays.fill(timings, 0);
        try {
            skipWhitespace();
            expect('{');
            members(true);
            skipWhitespace();
            return at == end;
        } catch (Decline declined) {
            return false;
        } finally {
            in = null;
        }
    }

    /** The members of the chunk (top) or of its {@code message}, the {@code {} read. */
    private void members(boolean top) {
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return;
        }
        while (true) {
            int nameStart = name();
            int nameEnd = at - 1;
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (top) {
                topMember(nameStart, nameEnd);
            } else {
                messageMember(nameStart, nameEnd);
            }
            skipWhitespace();
            byte b = next();
            if (b == '}') {
                return;
            }
            if (b != ',') {
                throw DECLINE;
            }
            skipWhitespace();
        }
    }

    private void topMember(int nameStart, int nameEnd) {
        if (is(MODEL, nameStart, nameEnd)
                || is(CREATED_AT, nameStart, nameEnd)
                || is(DONE_REASON, nameStart, nameEnd)) {
            string();
        } else if (is(DONE, nameStart, nameEnd)) {
            done = bool();
        } else if (chat && is(MESSAGE, nameStart, nameEnd)) {
            expect('{');
            members(false);
        } else if (!chat && is(RESPONSE, nameStart, nameEnd)) {
            textStart = string();
            textLength = at - 1 - textStart;
        } else if (!chat && is(THINKING, nameStart, nameEnd)) {
            hasThinking = string() < at - 1;
        } else {
            int timing = timingIndex(nameStart, nameEnd);
            if (timing < 0) {
                throw DECLINE;
            }
            timings[timing] = integer();
            hasTimings = true;
        }
    }

    private void messageMember(int nameStart, int nameEnd) {
        if (is(ROLE, nameStart, nameEnd)) {
            string();
        } else if (is(CONTENT, nameStart, nameEnd)) {
            textStart = string();
            textLength = at - 1 - textStart;
        } else if (is(THINKING, nameStart, nameEnd)) {
            hasThinking = string() < at - 1;
        } else {
            throw DECLINE;
        }
    }

    /** A member name, as {@link #string}; returns where it starts. */
    private int name() {
        return string();
    }

    /**
     * A string of printable ASCII without escapes; returns the index of its first byte, with {@code at} just past
     * its closing quote (so its length is {@code at - 1 - start}).
     */
    private int string() {
        expect('"');
        int start = at;
        byte[] bytes = in;
        int i = at;
        while (i < end && bytes[i] >= 0x20 && bytes[i] != '"' && bytes[i] != '\\') {
            i++;
        }
        if (i == end || bytes[i] != '"') {
            throw DECLINE; // an escape, a control character, a non-ASCII byte or the end of the line
        }
        at = i + 1;
        return start;
    }

    private boolean bool() {
        if (literal(TRUE)) {
            return true;
        }
        if (literal(FALSE)) {
            return false;
        }
        throw DECLINE;
    }

    private boolean literal(byte[] word) {
        if (end - at < word.length || !is(word, at, at + word.length)) {
            return false;
        }
        at += word.length;
        return true;
    }

    /** A JSON integer ({@code -?(0|[1-9][0-9]*)}) of at most 18 digits. */
    private long integer() {
        boolean negative = at < end && in[at] == '-';
        if (negative) {
            at++;
        }
        int start = at;
        long value = 0;
        while (at < end && in[at] >= '0' && in[at] <= '9') {
            value = value * 10 + (in[at++] - '0');
        }
        int digits = at - start;
        if (digits == 0 || digits > 18 || (digits > 1 && in[start] == '0')) {
            throw DECLINE;
        }
        if (at < end && (in[at] == '.' || in[at] == 'e' || in[at] == 'E')) {
            throw DECLINE;
        }
        return negative ? -value : value;
    }

    private int timingIndex(int start, int stop) {
        for (int i = 0; i < TIMINGS.length; i++) {
            if (is(TIMINGS[i], start, stop)) {
                return i;
            }
        }
        return -1;
    }

    private boolean is(byte[] expected, int start, int stop) {
        if (stop - start != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (at < end && (in[at] == ' ' || in[at] == '\t' || in[at] == '\n' || in[at] == '\r')) {
            at++;
        }
    }

    private byte peek() {
        if (at >= end) {
            throw DECLINE;
        }
        return in[at];
    }

    private byte next() {
        byte b = peek();
        at++;
        return b;
    }

    private void expect(char c) {
        if (next() != c) {
            throw DECLINE;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A line that is not a plain chunk. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Decline() {
            super("not a plain chunk", null, false, false);
        }
    }
}
