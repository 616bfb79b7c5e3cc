package dev.ollamaperf.client.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.client.internal.cache.CacheJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records a streamed answer, chunk by chunk as it is forwarded, and turns it into the
 * {@link CachedResponse} the same request would have got with {@code "stream": false}: the text
 * pieces as they arrived, joined into the body's text; thinking joined; tool calls collected; the
 * final chunk's {@code done_reason} and metrics (native) or the finish reason and usage ({@code /v1}).
 *
 * <p>Only a complete, clean stream gives a response: one that ended with {@code "done": true}
 * (native) or {@code data: [DONE]} ({@code /v1}), and carried no {@code error} member. A truncated or
 * failed stream gives nothing, so it is never cached. One recorder serves one stream, from one
 * thread at a time.
 *
 * <p>Trap: a {@code /v1} stream carries usage only when the request asked for it
 * ({@code stream_options.include_usage}); without it the stored body has no usage, and a later
 * replay cannot add one.
 */
public final class StreamRecorder {

    private final EndpointKind endpoint;
    private final Clock clock;
    private final List<String> pieces = new ArrayList<>();
    private final StringBuilder thinking = new StringBuilder();
    private final ArrayNode toolCalls = CacheJson.MAPPER.createArrayNode();
    private ObjectNode last;
    private ObjectNode first;
    private ObjectNode usage;
    private String finishReason;
    private boolean complete;
    private boolean failed;

    /** A recorder for one stream from {@code endpoint}; {@code clock} stamps the stored answer. */
    public StreamRecorder(EndpointKind endpoint, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!endpoint.streamable()) {
            throw new IllegalArgumentException("endpoint must be streamable to record a stream, got: " + endpoint);
        }
    }

    /**
     * Records one chunk: an NDJSON line, or the payload of one SSE {@code data:} event (including
     * {@code [DONE]}). Blank lines are ignored; anything that is not JSON marks the stream failed.
     */
    public void accept(byte[] chunk) {
        String text = new String(chunk, StandardCharsets.UTF_8).strip();
        if (text.startsWith("data:")) {
            text = text.substring("data:".length()).strip();
        }
        if (text.isEmpty()) {
            return;
        }
        if (text.equals("[DONE]")) {
            complete = endpoint == EndpointKind.V1_CHAT && !failed;
            return;
        }
        try {
            accept(CacheJson.object(text.getBytes(StandardCharsets.UTF_8), "stream chunk"));
        } catch (IllegalArgumentException notJson) {
            failed = true;
        }
    }

    /** Records one decoded chunk. */
    public void accept(JsonNode chunk) {
        if (failed || !chunk.isObject() || chunk.has("error")) {
            failed = true;
            return;
        }
        if (endpoint == EndpointKind.V1_CHAT) {
            acceptV1((ObjectNode) chunk);
        } else {
            acceptNative((ObjectNode) chunk);
        }
    }

    private void acceptNative(ObjectNode chunk) {
        boolean chat = endpoint == EndpointKind.CHAT;
        JsonNode holder = chat ? chunk.path("message") : chunk;
        String piece = holder.path(chat ? "content" : "response").asText("");
        if (!piece.isEmpty()) {
            pieces.add(piece);
        }
        thinking.append(holder.path("thinking").asText(""));
        if (holder.path("tool_calls").isArray()) {
            toolCalls.addAll((ArrayNode) holder.get("tool_calls"));
        }
        last = chunk;
        if (chunk.path("done").asBoolean(false)) {
            complete = true;
        }
    }

    private void acceptV1(ObjectNode chunk) {
        if (first == null) {
            first = chunk;
        }
        if (chunk.path("usage").isObject()) {
            usage = (ObjectNode) chunk.get("usage");
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String piece = delta.path("content").asText("");
        if (!piece.isEmpty()) {
            pieces.add(piece);
        }
        thinking.append(delta.path("reasoning").asText(""));
        if (delta.path("tool_calls").isArray()) {
            for (JsonNode call : delta.get("tool_calls")) {
                ObjectNode copy = call.deepCopy();
                copy.remove("index");
                toolCalls.add(copy);
            }
        }
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.get("finish_reason").asText();
        }
    }

    /** Whether the stream ended cleanly so far (final chunk or {@code [DONE]} seen, no error). */
    public boolean complete() {
        return complete && !failed;
    }

    /** The answer as a cacheable response, or empty if the stream was incomplete or failed. */
    public Optional<CachedResponse> finish() {
        if (!complete()) {
            return Optional.empty();
        }
        ObjectNode body = endpoint == EndpointKind.V1_CHAT ? v1Body() : nativeBody();
        return Optional.of(CachedResponse.of(endpoint, CacheJson.bytes(body), pieces, clock.instant()));
    }

    private ObjectNode nativeBody() {
        ObjectNode body = last.deepCopy();
        String text = String.join("", pieces);
        if (endpoint == EndpointKind.CHAT) {
            ObjectNode message = body.withObjectProperty("message");
            message.put("role", message.path("role").asText("assistant"));
            message.put("content", text);
            putIfPresent(message);
        } else {
            body.put("response", text);
            putIfPresent(body);
        }
        return body;
    }

    private void putIfPresent(ObjectNode holder) {
        if (thinking.length() > 0) {
            holder.put("thinking", thinking.toString());
        }
        if (!toolCalls.isEmpty()) {
            holder.set("tool_calls", toolCalls);
        }
    }

    private ObjectNode v1Body() {
        ObjectNode body = CacheJson.MAPPER.createObjectNode();
        body.put("id", first == null ? "chatcmpl-0" : first.path("id").asText("chatcmpl-0"));
        body.put("object", "chat.completion");
        body.put(
                "created",
                first == null
                        ? clock.instant().getEpochSecond()
                        : first.path("created").asLong());
        body.put("model", first == null ? "" : first.path("model").asText(""));
        body.put(
                "system_fingerprint",
                first == null ? "fp_ollama" : first.path("system_fingerprint").asText("fp_ollama"));
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", String.join("", pieces));
        if (thinking.length() > 0) {
            message.put("reasoning", thinking.toString());
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        choice.put("finish_reason", finishReason == null ? "stop" : finishReason);
        if (usage != null) {
            body.set("usage", usage);
        }
        return body;
    }
}
