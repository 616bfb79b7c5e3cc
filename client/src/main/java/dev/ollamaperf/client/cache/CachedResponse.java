package dev.ollamaperf.client.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.client.internal.cache.CacheJson;
import dev.ollamaperf.client.internal.cache.TextChunker;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cached answer: the final, aggregated response, and what is needed to replay it as a stream.
 *
 * <p>Build it with {@link #of} (answer chunks known, e.g. aggregated from a stream) or
 * {@link #fromBody} (a non-streaming answer, split into word-sized chunks); both derive
 * {@code model}, {@code doneReason} and {@code metrics} from the body and check that the chunks join
 * to the body's text. Serve it with {@link ResponseReplay}.
 *
 * @param endpoint   the endpoint that produced it
 * @param body       the non-streaming response JSON (UTF-8), exactly as the server would send it with
 *                   {@code "stream": false}; copied on the way in and out
 * @param chunks     the answer's text in the pieces it was streamed in (empty for embeddings)
 * @param model      the {@code model} field of the body, as the first requester spelled it
 * @param doneReason {@code done_reason} ({@code finish_reason} for {@code /v1}), empty when absent
 * @param metrics    the timing and usage numbers of the body (native: {@code total_duration} ...
 *                   {@code eval_duration}; {@code /v1}: {@code usage.*}), in body order
 * @param createdAt  when it was stored; the TTL counts from here
 */
public record CachedResponse(
        EndpointKind endpoint,
        byte[] body,
        List<String> chunks,
        String model,
        String doneReason,
        Map<String, Long> metrics,
        Instant createdAt) {

    private static final List<String> NATIVE_METRICS = List.of(
            "total_duration",
            "load_duration",
            "prompt_eval_count",
            "prompt_eval_duration",
            "eval_count",
            "eval_duration");

    /** Checks references, copies the body and freezes the collections. */
    public CachedResponse {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(doneReason, "doneReason");
        Objects.requireNonNull(createdAt, "createdAt");
        if (body.length == 0) {
            throw new IllegalArgumentException("cached response 'body' must not be empty, got 0 bytes");
        }
        body = body.clone();
        chunks = List.copyOf(chunks);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * A cached response from a final body and the chunks its text was streamed in.
     *
     * @throws IllegalArgumentException if the body is not a JSON object, or the chunks do not join to
     *                                  the body's text
     */
    public static CachedResponse of(EndpointKind endpoint, byte[] body, List<String> chunks, Instant createdAt) {
        ObjectNode tree = CacheJson.object(body, "cached " + endpoint + " response body");
        String text = text(endpoint, tree);
        if (!joinTo(chunks, text)) {
            throw new IllegalArgumentException("cached response chunks must join to the body's text ("
                    + text.length() + " chars), got " + chunks.size() + " chunks joining to "
                    + String.join("", chunks).length() + " chars");
        }
        return new CachedResponse(
                endpoint, body, chunks, model(tree), doneReason(endpoint, tree), metrics(endpoint, tree), createdAt);
    }

    /** Whether {@code chunks} joined are {@code text}, compared in place (no joined copy). */
    private static boolean joinTo(List<String> chunks, String text) {
        int at = 0;
        for (String chunk : chunks) {
            if (!text.startsWith(chunk, at)) {
                return false;
            }
            at += chunk.length();
        }
        return at == text.length();
    }

    /** A cached response from a non-streaming body; its text is split into word-sized chunks. */
    public static CachedResponse fromBody(EndpointKind endpoint, byte[] body, Instant createdAt) {
        ObjectNode tree = CacheJson.object(body, "cached " + endpoint + " response body");
        return of(endpoint, body, TextChunker.split(text(endpoint, tree)), createdAt);
    }

    /** The body (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as a stream over the stored bytes, without copying them (a typed decoder reads it in place). */
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    /**
     * Whether this is the answer to a completion, so worth caching: not a model load or unload
     * ({@code done_reason} {@code load}, {@code unload}), whose answer is about the server's state.
     */
    public boolean isCompletion() {
        return !doneReason.equals("load") && !doneReason.equals("unload");
    }

    /** The body's length in bytes, without copying it. */
    public int bodyLength() {
        return body.length;
    }

    /** The body parsed into a fresh tree the caller may change. */
    public ObjectNode bodyTree() {
        return CacheJson.object(body, "cached response body");
    }

    /** The answer's full text: the chunks joined. */
    public String text() {
        return String.join("", chunks);
    }

    /**
     * An estimate of the heap this entry holds, used to bound the memory tier: the body, the chunk
     * strings (two bytes per char, as if not compressed, plus object headers) and a fixed overhead.
     */
    public long weightBytes() {
        long weight = 256L + body.length;
        for (String chunk : chunks) {
            weight += 56L + 2L * chunk.length();
        }
        return weight;
    }

    /** The answer text of a response body of {@code endpoint}. */
    static String text(EndpointKind endpoint, JsonNode body) {
        switch (endpoint) {
            case GENERATE:
                return body.path("response").asText("");
            case CHAT:
                return body.path("message").path("content").asText("");
            case V1_CHAT:
                return body.path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asText("");
            case EMBED:
            default:
                return "";
        }
    }

    private static String model(JsonNode body) {
        return body.path("model").asText("");
    }

    private static String doneReason(EndpointKind endpoint, JsonNode body) {
        JsonNode reason = endpoint == EndpointKind.V1_CHAT
                ? body.path("choices").path(0).path("finish_reason")
                : body.path("done_reason");
        return reason.asText("");
    }

    private static Map<String, Long> metrics(EndpointKind endpoint, JsonNode body) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        if (endpoint == EndpointKind.V1_CHAT) {
            for (Map.Entry<String, JsonNode> e : body.path("usage").properties()) {
                if (e.getValue().isIntegralNumber()) {
                    metrics.put(e.getKey(), e.getValue().longValue());
                }
            }
        } else {
            for (String name : NATIVE_METRICS) {
                JsonNode value = body.path(name);
                if (value.isIntegralNumber()) {
                    metrics.put(name, value.longValue());
                }
            }
        }
        return metrics;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedResponse
                && endpoint == ((CachedResponse) other).endpoint
                && Arrays.equals(body, ((CachedResponse) other).body)
                && chunks.equals(((CachedResponse) other).chunks)
                && model.equals(((CachedResponse) other).model)
                && doneReason.equals(((CachedResponse) other).doneReason)
                && metrics.equals(((CachedResponse) other).metrics)
                && createdAt.equals(((CachedResponse) other).createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, Arrays.hashCode(body), chunks, model, doneReason, metrics, createdAt);
    }

    @Override
    public String toString() {
        return "CachedResponse[endpoint=" + endpoint + ", model=" + model + ", doneReason=" + doneReason
                + ", body=" + body.length + " bytes, chunks=" + chunks.size() + ", metrics=" + metrics
                + ", createdAt=" + createdAt + "]";
    }
}
