package dev.ollamaperf.client.internal.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The path a request really addresses, for deciding what it may reach. A check on the path as written is easy to
 * get around: OkHttp resolves {@code .} and {@code ..} (also spelled {@code %2e}) and reads {@code \} as {@code /}
 * before sending, and the server percent-decodes, so {@code /api/generate/../pull}, {@code /api/./copy} and
 * {@code /api/%64elete} arrive as pull, copy and delete. Stateless.
 */
public final class PathNormalizer {

    /** Enough for any double or triple encoding; a path still changing after that is left as it is then. */
    private static final int MAX_DECODE_ROUNDS = 4;

    private static final String HEX = "0123456789ABCDEF";

    private PathNormalizer() {}

    /**
     * {@code rawPath} cut at its first {@code ?} or {@code #}, percent-decoded (repeatedly, so double encoding
     * hides nothing), with {@code \} read as {@code /}, empty and {@code .} segments dropped and {@code ..}
     * resolved (never above the root). The result starts with {@code /} and ends without one, except {@code /}
     * itself. {@code +} stays a plus: it means a space only in form bodies and queries.
     */
    public static String normalize(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        int end = firstOf(path, '?', '#');
        String decoded = path.substring(0, end);
        for (int round = 0; round < MAX_DECODE_ROUNDS; round++) {
            String next = percentDecode(decoded);
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.replace('\\', '/').split("/", -1)) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }

    /**
     * A {@link #normalize normalized} path encoded to go on the wire: every byte that is not allowed in a path
     * segment (RFC 3986 {@code pchar}) or is {@code %} is percent-encoded, so what is sent decodes back to
     * exactly {@code path}.
     */
    public static String encode(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || isPathChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }

    private static boolean isPathChar(int c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    private static int firstOf(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return s.length();
    }

    /** {@code %XX} sequences as UTF-8 bytes; a {@code %} not followed by two hex digits is kept as it is. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
            if (raw[i] == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
