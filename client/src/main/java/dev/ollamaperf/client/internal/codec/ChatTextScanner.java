package dev.ollamaperf.client.internal.codec;

import dev.ollamaperf.client.api.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the text of a plain streamed {@code /api/chat} chunk without making a {@code ChatResponse}, for a stream
 * whose caller takes only the aggregate (no listener, no cache): a {@code ChatResponse}, its {@code ChatMessage}
 * and their {@code created_at} and {@code content} strings were about 180 of the 257 B each streamed chunk cost
 * (docs/measurements/2026-12-06-client-call-allocation.md).
 *
 * <p>A plain chunk is one JSON object on its line with only {@code model}, {@code created_at}, {@code message}
 * (with only {@code role}, {@code content} and {@code thinking}, strings or null), {@code done}, and on the final
 * chunk {@code done_reason} and the timings (integers); the model's name is kept while it repeats and the texts are
 * copied into buffers reused line after line. Anything else (an error, tool calls, images, another field, a value of
 * another type, a field name with an escape, a number that is not a plain integer, a line that is not one complete
 * object, malformed UTF-8 or JSON) is declined and left to the full decoder, so what ends up in the aggregate, and
 * every exception, is what decoding the line as a {@code ChatResponse} gives.
 *
 * <p>It reads the bytes itself rather than through Jackson's parser: the lines have one fixed, small shape, and a
 * general parser (the non-blocking one a stream can reuse without allocating) was two thirds of a 256-chunk call's
 * CPU time (docs/measurements/2026-12-07-client-call-time.md). What it accepts is strict JSON, decoded as Jackson
 * decodes it (the escapes of RFC 8259, well-formed UTF-8 only); {@code ChatAggregateDecoderTest} checks it against
 * full decoding, line by line, on valid and on damaged input. Not thread-safe: one stream, one scanner.
 */
public final class ChatTextScanner {

    /** Longer lines are left to the full decoder (and its limits on string length). */
    private static final int MAX_LINE = 1 << 20;

    private static final byte[] MODEL = name("model");
    private static final byte[] CREATED_AT = name("created_at");
    private static final byte[] MESSAGE = name("message");
    private static final byte[] DONE = name("done");
    private static final byte[] DONE_REASON = name("done_reason");
    private static final byte[] ROLE = name("role");
    private static final byte[] CONTENT = name("content");
    private static final byte[] THINKING = name("thinking");
    private static final byte[][] METRICS = {
        name("total_duration"),
        name("load_duration"),
        name("prompt_eval_count"),
        name("prompt_eval_duration"),
        name("eval_count"),
        name("eval_duration")
    };

    /** What lies between a token chunk's {@code created_at} value and its content, before a thinking text, and last. */
    private static final byte[] TOKEN_CHUNK_MESSAGE = name("\",\"message\":{\"role\":\"assistant\",\"content\":");

    private static final byte[] TOKEN_CHUNK_THINKING = name(",\"thinking\":");

    private static final byte[] TOKEN_CHUNK_END = name("},\"done\":false}");

    private static final byte[] NO_BYTES = {};
    private static final char[] NO_CHARS = {};

    /** Thrown to decline a line: preallocated and without a stack trace, declining is an answer, not an error. */
    private static final Decline DECLINE = new Decline();

    /** The last model name read, handed out again while chunks repeat it (no string per chunk). */
    private String knownModel = "";
    /**
     * {@link #knownModel}'s bytes when it is printable ASCII without {@code "} or {@code \\} (so its JSON string is
     * those very bytes), else null.
     */
    private byte[] knownModelBytes = NO_BYTES;

    /** {@code {"model":"<known model>","created_at":"}, the start of Ollama's token chunks; null with no such model. */
    private byte[] tokenChunkPrefix;

    private String model = "";
    private char[] content = new char[16];
    private int contentLength;
    private char[] thinking = NO_CHARS;
    private int thinkingLength;
    private boolean done;
    private String doneReason;
    private Metrics metrics = Metrics.NONE;

    /** Scratch space for a string being decoded (the model name, the done reason). */
    private char[] scratch = new char[32];

    private byte[] in;
    private int at;
    private int end;

    /**
     * Scans one line; true when it is a plain chunk, whose parts {@link #model()}, {@link #content()} and {@link
     * #thinking()} then return until the next call. False leaves nothing read: decode the line in full.
     */
    public boolean scan(byte[] bytes, int offset, int length) {
        if (length > MAX_LINE) {
            return false;
        }
        in = bytes;
        at = offset;
        end = offset + length;
        try {
            if (ollamaTokenChunk()) {
                return true;
            }
            at = offset;
            skipWhitespace();
            expect('{');
            object();
            skipWhitespace();
            return at == end;
        } catch (Decline declined) {
            return false;
        } finally {
            in = null;
        }
    }

    /** The chunk's model name ({@code ""} when it named none); the same string while chunks repeat it. */
    public String model() {
        return model;
    }

    /** The content text's chars; {@link #contentLength()} of them are this chunk's. */
    public char[] content() {
        return content;
    }

    public int contentLength() {
        return contentLength;
    }

    /** The thinking text's chars; {@link #thinkingLength()} of them are this chunk's. */
    public char[] thinking() {
        return thinking;
    }

    public int thinkingLength() {
        return thinkingLength;
    }

    /** True for the stream's final chunk. */
    public boolean done() {
        return done;
    }

    /** The final chunk's {@code done_reason}, null when absent. */
    public String doneReason() {
        return doneReason;
    }

    /** The final chunk's timings, {@link Metrics#NONE} when absent. */
    public Metrics metrics() {
        return metrics;
    }

    /**
     * Reads a token chunk exactly as Ollama writes it (Go's encoder: its fields in this order, no spaces, the known
     * model, a content and perhaps a thinking text) by comparing the bytes around its values as whole ranges, which
     * the JIT vectorizes: a chunk's decoding takes a third less time than through the general path below, a member
     * at a time (docs/measurements/2026-12-07-client-call-template.md). False when the line is laid out any other
     * way (the general path then reads it); a value that is not a valid string declines, as the general path would.
     */
    private boolean ollamaTokenChunk() {
        byte[] prefix = tokenChunkPrefix;
        if (prefix == null || !matches(prefix)) {
            return false;
        }
        int i = at; // the created_at value, skipped: printable ASCII up to its closing quote
        while (i < end && in[i] >= 0x20 && in[i] != '"' && in[i] != '\\') {
            i++;
        }
        at = i;
        if (!matches(TOKEN_CHUNK_MESSAGE)) { // from the value's closing quote on
            return false;
        }
        int length = string(content);
        content = decoded;
        contentLength = length;
        thinkingLength = 0;
        if (matches(TOKEN_CHUNK_THINKING)) { // a reasoning model's chunk: its content empty while it thinks
            thinkingLength = string(thinking);
            thinking = decoded;
        }
        if (!matches(TOKEN_CHUNK_END) || at != end) {
            return false;
        }
        model = knownModel;
        done = false;
        doneReason = null;
        metrics = Metrics.NONE;
        return true;
    }

    /** Whether the bytes at {@code at} are {@code expected}; if so, {@code at} moves past them. */
    private boolean matches(byte[] expected) {
        int stop = at + expected.length;
        if (stop > end || !Arrays.equals(in, at, stop, expected, 0, expected.length)) {
            return false;
        }
        at = stop;
        return true;
    }

    /** The members of the chunk's object, its {@code {} read. */
    private void object() {
        String chunkModel = "";
        contentLength = 0;
        thinkingLength = 0;
        done = false;
        doneReason = null;
        long[] timings = null; // made on the first metric field: only the final chunk has them
        skipWhitespace();
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                int nameStart = name();
                int nameEnd = at - 1;
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (is(MODEL, nameStart, nameEnd)) {
                    chunkModel = peek() == 'n' ? literalNull("") : modelName();
                } else if (is(CREATED_AT, nameStart, nameEnd)) {
                    skipStringOrNull();
                } else if (is(MESSAGE, nameStart, nameEnd)) {
                    if (peek() == 'n') {
                        literalNull(null);
                    } else {
                        expect('{');
                        message();
                    }
                } else if (is(DONE, nameStart, nameEnd)) {
                    done = bool();
                } else if (is(DONE_REASON, nameStart, nameEnd)) {
                    doneReason = peek() == 'n' ? literalNull(null) : newString(string(scratch));
                } else {
                    int metric = metricIndex(nameStart, nameEnd);
                    if (metric < 0) {
                        throw DECLINE;
                    }
                    timings = timings == null ? new long[METRICS.length] : timings;
                    timings[metric] = peek() == 'n' ? nullAsZero() : integer();
                }
                if (!moreMembers()) {
                    break;
                }
            }
        }
        model = chunkModel;
        if (!chunkModel.isEmpty() && !chunkModel.equals(knownModel)) {
            knownModel = chunkModel;
            knownModelBytes = plainAscii(chunkModel) ? chunkModel.getBytes(StandardCharsets.US_ASCII) : null;
            tokenChunkPrefix = knownModelBytes == null ? null : tokenChunkPrefix(knownModelBytes);
        }
        metrics = timings == null
                ? Metrics.NONE
                : toMetrics(timings[0], timings[1], timings[2], timings[3], timings[4], timings[5]);
    }

    private static byte[] tokenChunkPrefix(byte[] model) {
        byte[] start = name("{\"model\":\"");
        byte[] rest = name("\",\"created_at\":\"");
        byte[] prefix = Arrays.copyOf(start, start.length + model.length + rest.length);
        System.arraycopy(model, 0, prefix, start.length, model.length);
        System.arraycopy(rest, 0, prefix, start.length + model.length, rest.length);
        return prefix;
    }

    /** As the full decoder makes them: no {@link Metrics} when every timing is zero. */
    private static Metrics toMetrics(long total, long load, long promptCount, long promptDuration, long count, long d) {
        if ((total | load | promptCount | promptDuration | count | d) == 0) {
            return Metrics.NONE;
        }
        return new Metrics(total, load, promptCount, promptDuration, count, d);
    }

    /** The members of {@code message}, its {@code {} read. */
    private void message() {
        contentLength = 0; // a repeated "message" replaces the earlier one, as in full decoding
        thinkingLength = 0;
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
            if (is(ROLE, nameStart, nameEnd)) {
                skipStringOrNull();
            } else if (is(CONTENT, nameStart, nameEnd)) {
                contentLength = textOrNull(content);
                content = decoded;
            } else if (is(THINKING, nameStart, nameEnd)) {
                thinkingLength = textOrNull(thinking);
                thinking = decoded;
            } else {
                throw DECLINE;
            }
            if (!moreMembers()) {
                return;
            }
        }
    }

    /** After a member: true at {@code ,} (another member follows), false at {@code }}. */
    private boolean moreMembers() {
        skipWhitespace();
        byte b = next();
        if (b == ',') {
            skipWhitespace();
            return true;
        }
        if (b == '}') {
            return false;
        }
        throw DECLINE;
    }

    /** Reads a member name without escapes; returns the index of its first byte, {@code at} just past its quote. */
    private int name() {
        expect('"');
        int start = at;
        while (true) {
            byte b = next();
            if (b == '"') {
                return start;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                throw DECLINE;
            }
        }
    }

    /** Whether the name at {@code [start, stop)} is {@code expected} (a plain loop: names are a few bytes long). */
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

    private int metricIndex(int start, int stop) {
        for (int i = 0; i < METRICS.length; i++) {
            if (is(METRICS[i], start, stop)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The model name: the known one itself when its bytes are the same (compared undecoded: every chunk repeats
     * the name), else decoded.
     */
    private String modelName() {
        if (knownModelBytes != null) {
            int start = at + 1; // past the opening quote, which string() checks
            int stop = start + knownModelBytes.length;
            if (stop < end && in[at] == '"' && in[stop] == '"' && is(knownModelBytes, start, stop)) {
                at = stop + 1;
                return knownModel;
            }
        }
        int length = string(scratch);
        scratch = decoded;
        if (length == knownModel.length()) {
            int i = 0;
            while (i < length && scratch[i] == knownModel.charAt(i)) {
                i++;
            }
            if (i == length) {
                return knownModel;
            }
        }
        return new String(scratch, 0, length);
    }

    private static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private String newString(int length) {
        scratch = decoded;
        return new String(scratch, 0, length);
    }

    /** The buffer {@link #string} decoded into: the one given, or a larger copy of it. */
    private char[] decoded;

    /**
     * Decodes a JSON string into {@code into} (or a larger copy, left in {@link #decoded}) and returns its length:
     * the escapes of RFC 8259 and well-formed UTF-8; a control character, a bad escape or a malformed byte declines.
     */
    private int string(char[] into) {
        expect('"');
        char[] out = into;
        byte[] bytes = in;
        int n = 0;
        while (true) {
            if (out.length - n < 2) { // grown as the text needs: a chunk's text is a few chars, its line 100 B
                out = Arrays.copyOf(out, Math.max(16, 2 * out.length));
            }
            int i = at;
            // The common case, printable ASCII, in a loop of its own: one test a byte, two chars of room kept for
            // what follows it (an escape, a surrogate pair).
            int stop = Math.min(end, i + out.length - n - 2);
            while (i < stop && bytes[i] >= 0x20 && bytes[i] != '"' && bytes[i] != '\\') {
                out[n++] = (char) bytes[i++];
            }
            at = i;
            int b = next();
            if (b == '"') {
                decoded = out;
                return n;
            }
            if (b == '\\') {
                out[n++] = escape();
            } else if (b >= 0x20) {
                out[n++] = (char) b; // printable ASCII where the loop ran out of room
            } else if (b >= 0) {
                throw DECLINE; // an unescaped control character: invalid JSON
            } else {
                n = utf8(b & 0xFF, out, n);
            }
        }
    }

    /** A string decoded as {@link #string} does, or {@code null} read as no text ({@link #decoded} is set either way). */
    private int textOrNull(char[] into) {
        if (peek() == 'n') {
            literal("null");
            decoded = into;
            return 0;
        }
        return string(into);
    }

    private void skipStringOrNull() {
        if (peek() == 'n') {
            literal("null");
        } else {
            skipString();
        }
    }

    /** Skips a JSON string, checking it as {@link #string} does. */
    private void skipString() {
        expect('"');
        byte[] bytes = in;
        while (true) {
            int i = at;
            while (i < end && bytes[i] >= 0x20 && bytes[i] != '"' && bytes[i] != '\\') {
                i++;
            }
            at = i;
            int b = next();
            if (b == '"') {
                return;
            }
            if (b == '\\') {
                escape();
            } else if (b >= 0) {
                throw DECLINE;
            } else {
                utf8(b & 0xFF, null, 0);
            }
        }
    }

    private char escape() {
        byte b = next();
        switch (b) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                return (char) (hex() << 12 | hex() << 8 | hex() << 4 | hex());
            default:
                throw DECLINE;
        }
    }

    private int hex() {
        byte b = next();
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw DECLINE;
    }

    /**
     * Decodes one well-formed UTF-8 sequence whose lead byte {@code lead} was read, into {@code out} at {@code n}
     * (nothing written when {@code out} is null); returns the next free index. Overlong forms, encoded surrogates
     * and code points above U+10FFFF decline.
     */
    private int utf8(int lead, char[] out, int n) {
        int codePoint;
        if (lead >= 0xC2 && lead <= 0xDF) {
            codePoint = (lead & 0x1F) << 6 | continuation(0x80, 0xBF);
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            int low = lead == 0xE0 ? 0xA0 : 0x80;
            int high = lead == 0xED ? 0x9F : 0xBF;
            codePoint = (lead & 0x0F) << 12 | continuation(low, high) << 6 | continuation(0x80, 0xBF);
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            int low = lead == 0xF0 ? 0x90 : 0x80;
            int high = lead == 0xF4 ? 0x8F : 0xBF;
            codePoint = (lead & 0x07) << 18
                    | continuation(low, high) << 12
                    | continuation(0x80, 0xBF) << 6
                    | continuation(0x80, 0xBF);
        } else {
            throw DECLINE;
        }
        if (out == null) {
            return n;
        }
        if (codePoint < 0x10000) {
            out[n] = (char) codePoint;
            return n + 1;
        }
        out[n] = Character.highSurrogate(codePoint);
        out[n + 1] = Character.lowSurrogate(codePoint);
        return n + 2;
    }

    private int continuation(int low, int high) {
        int b = next() & 0xFF;
        if (b < low || b > high) {
            throw DECLINE;
        }
        return b & 0x3F;
    }

    private boolean bool() {
        if (peek() == 't') {
            literal("true");
            return true;
        }
        literal("false");
        return false;
    }

    private <T> T literalNull(T value) {
        literal("null");
        return value;
    }

    private long nullAsZero() {
        literal("null");
        return 0;
    }

    /** A literal, which must end where a value may end (as Jackson requires: {@code nullx} is an error). */
    private void literal(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (next() != text.charAt(i)) {
                throw DECLINE;
            }
        }
        if (at < end && !isDelimiter(in[at])) {
            throw DECLINE;
        }
    }

    /**
     * A plain non-negative JSON integer ({@code 0|[1-9][0-9]*}) of at most 18 digits, so it fits a long; a timing
     * below zero is the full decoder's to reject.
     */
    private long integer() {
        int start = at;
        long value = 0;
        while (at < end && in[at] >= '0' && in[at] <= '9') {
            value = 10 * value + (in[at] - '0');
            at++;
        }
        int digits = at - start;
        if (digits == 0 || digits > 18 || (digits > 1 && in[start] == '0')) {
            throw DECLINE;
        }
        if (at < end && !isDelimiter(in[at])) {
            throw DECLINE; // a fraction, an exponent or garbage: not an integer field's value
        }
        return value;
    }

    private static boolean isDelimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || isWhitespace(b);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private void skipWhitespace() {
        while (at < end && isWhitespace(in[at])) {
            at++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw DECLINE;
        }
    }

    private byte peek() {
        if (at == end) {
            throw DECLINE;
        }
        return in[at];
    }

    private byte next() {
        if (at == end) {
            throw DECLINE;
        }
        return in[at++];
    }

    private static byte[] name(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** A line this scanner leaves to the full decoder. */
    private static final class Decline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Decline() {
            super("declined", null, false, false);
        }
    }
}
