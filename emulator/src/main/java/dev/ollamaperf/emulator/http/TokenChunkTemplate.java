package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The native stream's token chunk, {@code {"model":…,"created_at":"…","response":"…","done":false}\n}
 * (or chat's {@code "message":{"role":"assistant","content":"…"}}), assembled from pre-encoded bytes:
 * only the timestamp and the token text change from one chunk to the next.
 *
 * <p>Why not a Jackson generator per chunk: the token chunk is written once per token of every
 * stream (20,000 a second at 1,000 streams), and a generator, its output stream and the timestamp
 * string per chunk were a large share of the event loops' time. The bytes are the same as
 * {@link NativeFormat}'s generator writes for a text-only reply (a test pins them byte for byte): the
 * token is escaped by Jackson's own {@link JsonStringEncoder}, the timestamp is Go's
 * {@code time.RFC3339Nano} as {@link JsonSupport#rfc3339} writes it. Not thread-safe: one per stream,
 * used on its event loop.
 */
final class TokenChunkTemplate {

    private static final byte[] GENERATE_END = "\",\"done\":false}\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHAT_END = "\"},\"done\":false}\n".getBytes(StandardCharsets.UTF_8);

    private final byte[] head;
    private final byte[] tail;
    private final byte[] end;
    /** {@code 2025-03-01T10:00:00}: the part of the timestamp that changes once a second, for {@code cachedEpochSecond}. */
    private byte[] seconds = new byte[0];

    private long cachedEpochSecond = Long.MIN_VALUE;

    /**
     * @param model the model name as echoed in every chunk
     * @param chat  true for {@code /api/chat}'s message object, false for {@code /api/generate}'s response
     */
    TokenChunkTemplate(String model, boolean chat) {
        String quotedModel = new String(JsonStringEncoder.getInstance().quoteAsUTF8(model), StandardCharsets.UTF_8);
        this.head = ("{\"model\":\"" + quotedModel + "\",\"created_at\":\"").getBytes(StandardCharsets.UTF_8);
        this.tail = (chat ? "\",\"message\":{\"role\":\"assistant\",\"content\":\"" : "\",\"response\":\"")
                .getBytes(StandardCharsets.UTF_8);
        this.end = chat ? CHAT_END : GENERATE_END;
    }

    /**
     * Whether {@link #chunk} writes this text as the generator would: not when it holds a surrogate
     * pair (an emoji, say), which Jackson's generator escapes as two {@code \\uXXXX} and its string
     * encoder writes as raw UTF-8. Such a token goes the generator's way.
     */
    static boolean encodes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** One NDJSON line (with its {@code '\n'}) for one token at {@code now}; only for text it {@link #encodes}. */
    byte[] chunk(String text, Instant now) {
        byte[] token = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] whole = seconds(now.getEpochSecond());
        int nanos = now.getNano();
        int fractionDigits = fractionDigits(nanos);
        int length = head.length
                + whole.length
                + (fractionDigits == 0 ? 0 : 1 + fractionDigits)
                + 1
                + tail.length
                + token.length
                + end.length;
        byte[] out = new byte[length];
        int at = put(out, 0, head);
        at = put(out, at, whole);
        if (fractionDigits > 0) {
            out[at++] = '.';
            int value = nanos;
            for (int i = 9; i > fractionDigits; i--) {
                value /= 10; // drop the trailing zeros, as Go does
            }
            for (int i = at + fractionDigits - 1; i >= at; i--) {
                out[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            at += fractionDigits;
        }
        out[at++] = 'Z';
        at = put(out, at, tail);
        at = put(out, at, token);
        put(out, at, end);
        return out;
    }

    /** Digits of the nanosecond fraction without its trailing zeros; 0 when there is no fraction. */
    private static int fractionDigits(int nanos) {
        if (nanos == 0) {
            return 0;
        }
        int digits = 9;
        while (nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        return digits;
    }

    private byte[] seconds(long epochSecond) {
        if (epochSecond != cachedEpochSecond) {
            String whole = JsonSupport.rfc3339(Instant.ofEpochSecond(epochSecond)); // no fraction: "...:00Z"
            seconds = whole.substring(0, whole.length() - 1).getBytes(StandardCharsets.US_ASCII);
            cachedEpochSecond = epochSecond;
        }
        return seconds;
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }
}
