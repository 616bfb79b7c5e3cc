package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ollamaperf.client.api.Metrics;
import java.io.IOException;
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
 * copied into buffers reused line after line. Anything else (an error, tool calls, images, another field, a
 * value of another type, a line that is not one complete object) is declined and left to the full decoder, so what
 * ends up in the aggregate, and every exception, is what decoding the line as a {@code ChatResponse} gives. Not thread-safe: one
 * stream, one scanner.
 */
public final class ChatTextScanner {

    private final LineParser lines;
    private JsonParser parser; // the one being read
    /** The last model name read, handed out again while chunks repeat it (no string per chunk). */
    private String knownModel = "";

    private String model = "";
    private char[] content = new char[16];
    private int contentLength;
    private char[] thinking = new char[0];
    private int thinkingLength;
    private boolean done;
    private String doneReason;
    private Metrics metrics = Metrics.NONE;

    ChatTextScanner(JsonFactory factory) {
        this.lines = new LineParser(factory);
    }

    /**
     * Scans one line; true when it is a plain chunk, whose parts {@link #model()}, {@link #content()} and {@link
     * #thinking()} then return until the next call. False leaves nothing read: decode the line in full.
     */
    public boolean scan(byte[] bytes, int offset, int length) {
        if (!StreamingCodec.isOneCompleteObject(bytes, offset, length)) {
            return false;
        }
        try {
            parser = lines.feed(bytes, offset, length);
            boolean plain = parser.nextToken() == JsonToken.START_OBJECT && object();
            // The line is one complete object, so the parser ends it and then waits for the next line's bytes.
            for (JsonToken t = parser.nextToken(); t != JsonToken.NOT_AVAILABLE && t != null; t = parser.nextToken()) {
                plain = false;
            }
            return plain;
        } catch (IOException | RuntimeException e) {
            close(); // in an unknown state: the next line gets a new one
            return false;
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

    /** Releases the parser ({@link LineParser#close()}); call it when the stream ends. */
    public void close() {
        lines.close();
        parser = null;
    }

    private boolean object() throws IOException {
        String chunkModel = "";
        contentLength = 0;
        thinkingLength = 0;
        done = false;
        doneReason = null;
        GenerateCodec.MetricsFields timings = null; // made on the first metric field: only the final chunk has them
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "model":
                    if (value == JsonToken.VALUE_STRING) {
                        chunkModel = JsonValues.string(parser, knownModel);
                    } else if (value == JsonToken.VALUE_NULL) {
                        chunkModel = "";
                    } else {
                        return false;
                    }
                    break;
                case "created_at":
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        return false;
                    }
                    break;
                case "message":
                    if (value == JsonToken.START_OBJECT) {
                        if (!message()) {
                            return false;
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        return false;
                    }
                    break;
                case "done":
                    if (value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_TRUE) {
                        return false;
                    }
                    done = value == JsonToken.VALUE_TRUE;
                    break;
                case "done_reason":
                    if (value == JsonToken.VALUE_STRING) {
                        doneReason = parser.getText();
                    } else if (value == JsonToken.VALUE_NULL) {
                        doneReason = null;
                    } else {
                        return false;
                    }
                    break;
                default:
                    if (!GenerateCodec.MetricsFields.isMetric(name)
                            || (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NULL)) {
                        return false;
                    }
                    if (timings == null) {
                        timings = new GenerateCodec.MetricsFields();
                    }
                    timings.read(parser, name);
            }
        }
        model = chunkModel;
        if (!chunkModel.isEmpty()) {
            knownModel = chunkModel;
        }
        metrics = timings == null ? Metrics.NONE : timings.toMetrics();
        return true;
    }

    private boolean message() throws IOException {
        contentLength = 0; // a repeated "message" replaces the earlier one, as in full decoding
        thinkingLength = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                return false;
            }
            switch (name) {
                case "role":
                    break;
                case "content":
                    contentLength = 0;
                    if (value == JsonToken.VALUE_STRING) {
                        content = copy(content);
                        contentLength = parser.getTextLength();
                    }
                    break;
                case "thinking":
                    thinkingLength = 0;
                    if (value == JsonToken.VALUE_STRING) {
                        thinking = copy(thinking);
                        thinkingLength = parser.getTextLength();
                    }
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /** Copies the current string's chars into {@code into}, or into a larger array it returns. */
    private char[] copy(char[] into) throws IOException {
        int length = parser.getTextLength();
        char[] target = into.length >= length ? into : Arrays.copyOf(into, Math.max(length, 2 * into.length));
        System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), target, 0, length);
        return target;
    }
}
