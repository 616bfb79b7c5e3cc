package dev.ollamaperf.client.internal.cache;

import dev.ollamaperf.client.api.ChatMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes the canonical object of one typed chat message (keys sorted, null fields left off, roles
 * lower-case; see {@link RequestCanonicalizer}) as UTF-8 bytes, byte for byte what Jackson's generator writes with
 * its default settings: {@code "} and {@code \} escaped with a back-slash, control characters as {@code \b \t \n
 * \f \r} or {@code \}{@code u00XX}, each half of a surrogate pair as {@code \}{@code uXXXX} (upper-case hex),
 * everything else as UTF-8. It exists because the messages are
 * most of a long conversation's bytes, and Jackson's generator takes its slow per-character path for the rest of a
 * string once it meets one character to escape (every line break).
 *
 * <p>Not thread-safe: one instance per message.
 */
final class CanonicalMessage {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private static final int SEGMENT = 128;

    private final char[] chars = new char[SEGMENT];
    private final byte[] buffer = new byte[8 * SEGMENT];
    private int used;

    CanonicalMessage(OutputStream out) {
        this.out = out;
    }

    /** Writes the canonical object of {@code message} (which has no tool calls) and flushes it to the stream. */
    void write(ChatMessage message) throws IOException {
        ascii("{\"content\":");
        string(message.content());
        if (message.images() != null) {
            ascii(",\"images\":[");
            for (int i = 0; i < message.images().size(); i++) {
                if (i > 0) {
                    ascii(",");
                }
                String image = message.images().get(i);
                if (image == null) {
                    ascii("null");
                } else {
                    string(image);
                }
            }
            ascii("]");
        }
        ascii(",\"role\":");
        string(message.role().toLowerCase(Locale.ROOT));
        field("thinking", message.thinking());
        field("tool_call_id", message.toolCallId());
        field("tool_name", message.toolName());
        ascii("}");
        flushBuffer();
    }

    private void field(String name, String value) throws IOException {
        if (value != null) {
            ascii(",\"");
            ascii(name);
            ascii("\":");
            string(value);
        }
    }

    /** {@code text} is ASCII without characters to escape (the literals above). */
    private void ascii(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            put(text.charAt(i));
        }
    }

    /**
     * A JSON string: the text is copied in segments of {@link #SEGMENT} chars, each into a buffer with room for
     * its worst case (six bytes a char), so the loop over the chars keeps everything in locals.
     */
    private void string(String text) throws IOException {
        put('"');
        int length = text.length();
        for (int start = 0; start < length; start += SEGMENT) {
            int end = Math.min(length, start + SEGMENT);
            text.getChars(start, end, chars, 0);
            if (buffer.length - used < 6 * SEGMENT) {
                flushBuffer();
            }
            used = segment(chars, end - start, buffer, used);
        }
        put('"');
    }

    private static int segment(char[] chars, int count, byte[] out, int at) {
        int p = at;
        for (int i = 0; i < count; i++) {
            char c = chars[i];
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out[p++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                out[p++] = '\\';
                out[p++] = (byte) c;
            } else if (c < 0x20) {
                char shortForm = shortEscape(c);
                if (shortForm == 0) {
                    p = hexEscape(c, out, p);
                } else {
                    out[p++] = '\\';
                    out[p++] = (byte) shortForm;
                }
            } else if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                // Jackson escapes each half of a surrogate pair (and a lone one) rather than
                // writing the pair as four UTF-8 bytes.
                p = hexEscape(c, out, p);
            }
        }
        return p;
    }

    private static char shortEscape(char c) {
        switch (c) {
            case '\b':
                return 'b';
            case '\t':
                return 't';
            case '\n':
                return 'n';
            case '\f':
                return 'f';
            case '\r':
                return 'r';
            default:
                return 0;
        }
    }

    private static int hexEscape(char c, byte[] out, int at) {
        out[at] = '\\';
        out[at + 1] = 'u';
        out[at + 2] = HEX[c >> 12];
        out[at + 3] = HEX[(c >> 8) & 0xF];
        out[at + 4] = HEX[(c >> 4) & 0xF];
        out[at + 5] = HEX[c & 0xF];
        return at + 6;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    private void put(int b) throws IOException {
        if (used == buffer.length) {
            flushBuffer();
        }
        buffer[used++] = (byte) b;
    }
}
