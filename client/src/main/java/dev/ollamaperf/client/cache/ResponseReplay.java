package dev.ollamaperf.client.cache;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.client.internal.cache.CacheJson;
import dev.ollamaperf.client.internal.cache.OllamaTime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Serves a {@link CachedResponse} the way the server would have: as one body, or as a stream of
 * wire chunks (NDJSON lines for the native endpoints, server-sent events for {@code /v1}).
 *
 * <p>Two details follow Ollama (see {@code docs/ollama-api.md}): the {@code model} field repeats the name
 * <em>as this request spelled it</em> (the cache key treats {@code llama3.2} and
 * {@code llama3.2:latest} as one), and timestamps ({@code created_at}, {@code created}) are the time
 * of the replay, from the injected clock. The metrics in the final chunk are the original ones: they
 * say what producing the answer cost, not what serving it from the cache did.
 *
 * <p>Native stream: an optional {@code thinking} chunk, one chunk per stored text piece with
 * {@code "done":false}, then the final object (the stored body with its text emptied, keeping
 * {@code done_reason}, {@code context}, {@code tool_calls} and the metrics). {@code /v1} stream
 * (v0.32.6+ wire format): role and first piece, the other pieces, tool calls if any, a finish chunk
 * with an empty delta, a usage chunk when asked for, then {@code [DONE]}; every chunk has the same
 * {@code created}.
 */
public final class ResponseReplay {

    private final Clock clock;

    /** A replay stamping chunks with the system clock. */
    public ResponseReplay() {
        this(Clock.systemUTC());
    }

    /** A replay stamping chunks with {@code clock}. */
    public ResponseReplay(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The non-streaming body for a request that named {@code requestedModel}. */
    public byte[] body(CachedResponse response, String requestedModel) {
        ObjectNode body = response.bodyTree();
        stamp(body, response.endpoint(), requestedModel, clock.instant());
        return CacheJson.bytes(body);
    }

    /**
     * The stream for a request that named {@code requestedModel}: each element is one wire chunk,
     * ready to write and flush (an NDJSON line ending in {@code \n}, or an SSE event ending in
     * {@code \n\n}).
     *
     * @param includeUsage {@code /v1} only: whether to send the usage chunk
     *                     ({@code stream_options.include_usage})
     * @throws IllegalArgumentException for an endpoint that does not stream (embeddings)
     */
    public List<String> stream(CachedResponse response, String requestedModel, boolean includeUsage) {
        Objects.requireNonNull(requestedModel, "requestedModel");
        Instant now = clock.instant();
        switch (response.endpoint()) {
            case GENERATE:
            case CHAT:
                return nativeLines(response, requestedModel, now);
            case V1_CHAT:
                return sseEvents(response, requestedModel, now, includeUsage);
            case EMBED:
            default:
                throw new IllegalArgumentException(
                        "endpoint must be streamable to replay a stream, got: " + response.endpoint());
        }
    }

    /** {@link #stream} as UTF-8 bytes per chunk. */
    public List<byte[]> streamBytes(CachedResponse response, String requestedModel, boolean includeUsage) {
        List<byte[]> bytes = new ArrayList<>();
        for (String chunk : stream(response, requestedModel, includeUsage)) {
            bytes.add(chunk.getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static List<String> nativeLines(CachedResponse response, String model, Instant now) {
        boolean chat = response.endpoint() == EndpointKind.CHAT;
        String createdAt = OllamaTime.format(now);
        ObjectNode finalChunk = response.bodyTree();
        JsonNode thinking = chat ? finalChunk.path("message").path("thinking") : finalChunk.path("thinking");
        List<String> lines = new ArrayList<>(response.chunks().size() + 2);
        if (thinking.isTextual() && !thinking.asText().isEmpty()) {
            ObjectNode chunk = nativeChunk(chat, model, createdAt, "");
            (chat ? (ObjectNode) chunk.get("message") : chunk).put("thinking", thinking.asText());
            lines.add(CacheJson.text(chunk) + "\n");
        }
        // Every content line is the same object but for its text: write the rest once, escape only
        // the text per line (a tree and a serializer per chunk cost about 3 us each, most of a replay).
        String head = CacheJson.text(nativeChunk(chat, model, createdAt, "\u0000"));
        int hole = head.indexOf("\\u0000");
        String prefix = head.substring(0, hole);
        String suffix = head.substring(hole + "\\u0000".length()) + "\n";
        JsonStringEncoder escaper = JsonStringEncoder.getInstance();
        for (String piece : response.chunks()) {
            lines.add(new StringBuilder(prefix.length() + piece.length() + suffix.length() + 8)
                    .append(prefix)
                    .append(escaper.quoteAsString(piece))
                    .append(suffix)
                    .toString());
        }
        ObjectNode textHolder = chat ? finalChunk.withObjectProperty("message") : finalChunk;
        textHolder.put(chat ? "content" : "response", "");
        textHolder.remove("thinking");
        stamp(finalChunk, response.endpoint(), model, now);
        lines.add(CacheJson.text(finalChunk) + "\n");
        return lines;
    }

    private static ObjectNode nativeChunk(boolean chat, String model, String createdAt, String piece) {
        ObjectNode chunk = CacheJson.MAPPER.createObjectNode();
        chunk.put("model", model);
        chunk.put("created_at", createdAt);
        if (chat) {
            chunk.putObject("message").put("role", "assistant").put("content", piece);
        } else {
            chunk.put("response", piece);
        }
        chunk.put("done", false);
        return chunk;
    }

    private static List<String> sseEvents(CachedResponse response, String model, Instant now, boolean usage) {
        ObjectNode body = response.bodyTree();
        JsonNode message = body.path("choices").path(0).path("message");
        List<String> events = new ArrayList<>(response.chunks().size() + 4);
        List<String> pieces = response.chunks().isEmpty() ? List.of("") : response.chunks();
        JsonNode reasoning = message.path("reasoning");
        boolean first = true;
        if (reasoning.isTextual() && !reasoning.asText().isEmpty()) {
            ObjectNode delta = CacheJson.MAPPER.createObjectNode().put("role", "assistant");
            delta.put("content", "").put("reasoning", reasoning.asText());
            events.add(event(sseChunk(body, model, now, delta, null)));
            first = false;
        }
        for (String piece : pieces) {
            ObjectNode delta = CacheJson.MAPPER.createObjectNode();
            if (first) {
                delta.put("role", "assistant");
                first = false;
            }
            delta.put("content", piece);
            events.add(event(sseChunk(body, model, now, delta, null)));
        }
        if (message.path("tool_calls").isArray() && !message.path("tool_calls").isEmpty()) {
            ArrayNode calls = ((ArrayNode) message.get("tool_calls")).deepCopy();
            for (int i = 0; i < calls.size(); i++) {
                if (calls.get(i).isObject()) {
                    ((ObjectNode) calls.get(i)).put("index", i);
                }
            }
            ObjectNode delta = CacheJson.MAPPER.createObjectNode();
            delta.set("tool_calls", calls);
            events.add(event(sseChunk(body, model, now, delta, null)));
        }
        events.add(event(sseChunk(body, model, now, CacheJson.MAPPER.createObjectNode(), response.doneReason())));
        if (usage && body.has("usage")) {
            ObjectNode chunk = sseHeader(body, model, now);
            chunk.putArray("choices");
            chunk.set("usage", body.get("usage"));
            events.add(event(chunk));
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static ObjectNode sseChunk(JsonNode body, String model, Instant now, ObjectNode delta, String finish) {
        ObjectNode chunk = sseHeader(body, model, now);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finish == null || finish.isEmpty()) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return chunk;
    }

    private static ObjectNode sseHeader(JsonNode body, String model, Instant now) {
        ObjectNode chunk = CacheJson.MAPPER.createObjectNode();
        chunk.put("id", body.path("id").asText("chatcmpl-0"));
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", now.getEpochSecond());
        chunk.put("model", model);
        chunk.put("system_fingerprint", body.path("system_fingerprint").asText("fp_ollama"));
        return chunk;
    }

    private static String event(JsonNode chunk) {
        return "data: " + CacheJson.text(chunk) + "\n\n";
    }

    private static void stamp(ObjectNode body, EndpointKind endpoint, String model, Instant now) {
        body.put("model", model);
        if (endpoint == EndpointKind.V1_CHAT) {
            body.put("created", now.getEpochSecond());
        } else if (endpoint != EndpointKind.EMBED) {
            body.put("created_at", OllamaTime.format(now));
        }
    }
}
