package dev.ollamaperf.load.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields the harness records from one streamed chunk's JSON bytes (docs/ollama-api.md §1.1, §1.2, §4):
 * whether it carries answer or thinking text, the answer's text when it is kept, the done flag, an error, and the
 * server's timings or token counts.
 *
 * <p>Implementation notes: a plain native chunk, nearly every line, is read by {@link NativeChunkScanner} without a
 * parser; any other line by one pass of Jackson's streaming parser over the bytes, skipping every field it does not
 * need, instead of a {@code JsonNode} tree per line (13% of the stream loops' samples at 1,000 streams with the tree,
 * docs/measurements/2026-12-07-harness-capacity.md): the text is only measured unless it is kept, field names come
 * from the parser's symbol table, and numbers are read in place, so a token line allocates little beyond the parser.
 * The whole object is read, so a truncated or malformed line fails here rather than being half counted. One reader
 * serves one stream's lines, one at a time, and its fields describe the last line read. Public for the per-line JMH
 * benchmark (benchmarks/, {@code StreamLineBenchmark}); the harness's streams use it through {@link StreamTimer}.
 */
public final class ChunkReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OllamaApi api;
    private final boolean keepText;
    /** The fast path for plain native chunks (its strings are ASCII), null for /v1. */
    private final NativeChunkScanner plain;

    /** The chunk carried answer text. */
    boolean hasText;
    /** The chunk carried thinking text. */
    boolean hasThinking;
    /** The answer text, when kept and present; else null. */
    String text;
    /** {@code "done": true}. */
    boolean done;
    /** The {@code error} field's message, or null. */
    String error;
    /** The done chunk's timings, or a /v1 chunk's token counts ({@code usage}), or null. */
    StreamObservation.ServerTimings timings;

    private boolean hasUsage;
    private long totalDuration;
    private long loadDuration;
    private int promptEvalCount;
    private long promptEvalDuration;
    private int evalCount;
    private long evalDuration;

    /**
     * @param api      the endpoint whose chunks these are (where its text fields sit)
     * @param keepText read the answer's text into {@link #text}, not only its presence
     */
    ChunkReader(OllamaApi api, boolean keepText) {
        this(api, keepText, !api.serverSentEvents());
    }

    /** @param scanPlain read plain native chunks with {@link NativeChunkScanner} (tests and benchmarks compare both) */
    public ChunkReader(OllamaApi api, boolean keepText, boolean scanPlain) {
        this.api = api;
        this.keepText = keepText;
        this.plain = scanPlain ? new NativeChunkScanner(api) : null;
    }

    /**
     * Reads one chunk, a JSON object in {@code bytes[offset, offset + length)}.
     *
     * @throws IOException when the bytes are not one well-formed JSON object
     */
    public void read(byte[] bytes, int offset, int length) throws IOException {
        hasText = false;
        hasThinking = false;
        text = null;
        done = false;
        error = null;
        timings = null;
        hasUsage = false;
        totalDuration = 0;
        loadDuration = 0;
        promptEvalCount = 0;
        promptEvalDuration = 0;
        evalCount = 0;
        evalDuration = 0;
        if (plain != null && plain.scan(bytes, offset, length)) {
            hasText = plain.textLength > 0;
            text = hasText && keepText
                    ? new String(bytes, plain.textStart, plain.textLength, StandardCharsets.ISO_8859_1)
                    : null;
            hasThinking = plain.hasThinking;
            done = plain.done;
            long[] t = plain.timings;
            timings = done ? new StreamObservation.ServerTimings(t[0], t[1], (int) t[2], t[3], (int) t[4], t[5]) : null;
            return;
        }
        try (JsonParser parser = JSON.getFactory().createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            topLevel(parser);
        }
        if (done) {
            timings = new StreamObservation.ServerTimings(
                    totalDuration, loadDuration, promptEvalCount, promptEvalDuration, evalCount, evalDuration);
        } else if (hasUsage) {
            // /v1 streams carry token counts only (no server durations)
            timings = new StreamObservation.ServerTimings(0, 0, promptEvalCount, 0, evalCount, 0);
        }
    }

    /** The last chunk read carried answer text. */
    public boolean hasText() {
        return hasText;
    }

    /** The last chunk's answer text when kept and present, else null. */
    public String text() {
        return text;
    }

    /** The last chunk read had {@code "done": true}. */
    public boolean done() {
        return done;
    }

    private void topLevel(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "done" -> done = value == JsonToken.VALUE_TRUE;
                case "error" -> error = errorMessage(parser.readValueAsTree());
                case "total_duration" -> totalDuration = parser.getValueAsLong(0);
                case "load_duration" -> loadDuration = parser.getValueAsLong(0);
                case "prompt_eval_count" -> promptEvalCount = parser.getValueAsInt(0);
                case "prompt_eval_duration" -> promptEvalDuration = parser.getValueAsLong(0);
                case "eval_count" -> evalCount = parser.getValueAsInt(0);
                case "eval_duration" -> evalDuration = parser.getValueAsLong(0);
                case "usage" -> usage(parser, value);
                case "message" -> textFields(parser, value, api == OllamaApi.CHAT);
                case "response" -> answerText(parser, value, api == OllamaApi.GENERATE);
                case "thinking" -> thinkingText(parser, value, api == OllamaApi.GENERATE);
                case "choices" -> choices(parser, value);
                default -> parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("unterminated JSON object");
        }
    }

    /** {@code message} (/api/chat) or {@code choices[0].delta} (/v1): an object with the text fields. */
    private void textFields(JsonParser parser, JsonToken value, boolean ours) throws IOException {
        if (!ours || value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            switch (name) {
                case "content" -> answerText(parser, field, true);
                case "thinking" -> thinkingText(parser, field, api == OllamaApi.CHAT);
                case "reasoning" -> thinkingText(parser, field, api == OllamaApi.OPENAI_CHAT);
                default -> parser.skipChildren();
            }
        }
    }

    /** {@code choices}: only the first choice's {@code delta} counts. */
    private void choices(JsonParser parser, JsonToken value) throws IOException {
        if (api != OllamaApi.OPENAI_CHAT || value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        boolean first = true;
        for (JsonToken choice = parser.nextToken(); choice != JsonToken.END_ARRAY; choice = parser.nextToken()) {
            if (first && choice == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    boolean delta = parser.currentName().equals("delta");
                    textFields(parser, parser.nextToken(), delta);
                    if (!delta) {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
            first = false;
        }
    }

    private void usage(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        hasUsage = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "prompt_tokens" -> promptEvalCount = parser.getValueAsInt(0);
                case "completion_tokens" -> evalCount = parser.getValueAsInt(0);
                default -> parser.skipChildren();
            }
        }
    }

    private void answerText(JsonParser parser, JsonToken value, boolean ours) throws IOException {
        if (!ours || value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return;
        }
        hasText = parser.getTextLength() > 0;
        if (hasText && keepText) {
            text = parser.getText();
        }
    }

    private void thinkingText(JsonParser parser, JsonToken value, boolean ours) throws IOException {
        if (!ours || value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return;
        }
        hasThinking = parser.getTextLength() > 0;
    }

    /** Ollama's {@code "error": "..."}, or an object's {@code message} (its JSON when it has none). */
    private static String errorMessage(JsonNode error) {
        return error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
    }
}
