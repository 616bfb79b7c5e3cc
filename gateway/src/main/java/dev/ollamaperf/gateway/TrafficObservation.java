package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.results.TrafficRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the gateway learns about one model request while serving it, turned into a {@link TrafficRecord} at its
 * end. Filled by one worker thread (the one serving the request); read once, by the same thread, in
 * {@link #toRecord}. Until told otherwise the outcome is {@code ok} with status 200.
 */
final class TrafficObservation {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String endpoint;
    private final Instant arrival;
    private final long startNanos;
    private final LongSupplier nanoClock;
    private final boolean withText;
    private JsonNode request;
    private Long promptTokens;
    private Long outputTokens;
    private String servedBy;
    private Boolean cacheHit;
    private String answer;
    private String outcome = "ok";
    private Integer status = 200;
    private long firstByteNanos = -1;

    TrafficObservation(String endpoint, Instant arrival, LongSupplier nanoClock, boolean withText) {
        this.endpoint = endpoint;
        this.arrival = arrival;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.withText = withText;
    }

    /** The parsed request body. */
    void request(JsonNode tree) {
        this.request = tree;
    }

    /** The first byte of the answer is about to be written (the first chunk, or the whole body). */
    void firstByte() {
        if (firstByteNanos < 0) {
            firstByteNanos = nanoClock.getAsLong();
        }
    }

    /** Whether the cache served it; null when the gateway cannot tell. */
    void cacheHit(Boolean hit) {
        this.cacheHit = hit;
    }

    /** A native answer: the model that gave it, its final counters and its text. */
    void answered(String model, Metrics metrics, String text) {
        boolean counted = !metrics.isEmpty();
        answered(model, counted ? metrics.promptEvalCount() : null, counted ? metrics.evalCount() : null, text);
    }

    /** An answer with its counters (null when unknown) and its text (null when none). */
    void answered(String model, Long prompt, Long output, String text) {
        this.servedBy = model;
        this.promptTokens = prompt;
        this.outputTokens = output;
        this.answer = text;
    }

    /** An answer from the cache, with the counters and text it was stored with. */
    void answeredFromCache(CachedResponse hit, String requestedModel) {
        Map<String, Long> m = hit.metrics();
        boolean v1 = endpoint.equals("/v1/chat/completions");
        answered(
                requestedModel,
                m.get(v1 ? "prompt_tokens" : "prompt_eval_count"),
                m.get(v1 ? "completion_tokens" : "eval_count"),
                hit.chunks().isEmpty() ? null : String.join("", hit.chunks()));
        this.cacheHit = true;
    }

    /** It failed with {@code httpStatus} (before or after the first chunk). */
    void failed(int httpStatus) {
        this.outcome = "error";
        this.status = httpStatus;
    }

    /** The caller left; the status stays 200 if the answer had started, else none. */
    void cancelled() {
        this.outcome = "cancelled";
        this.status = firstByteNanos >= 0 ? status : null;
    }

    TrafficRecord toRecord() {
        long end = nanoClock.getAsLong();
        JsonNode tree = request == null ? MissingNode.getInstance() : request;
        return new TrafficRecord(
                1,
                MILLIS.format(arrival),
                endpoint,
                tree.path("model").asText(""),
                TrafficRequests.stream(endpoint, tree),
                TrafficRequests.options(endpoint, tree),
                promptTokens,
                outputTokens,
                TrafficRequests.messageCount(endpoint, tree),
                TrafficRequests.session(endpoint, tree),
                servedBy,
                cacheHit,
                outcome,
                status,
                firstByteNanos < 0 ? null : millis(firstByteNanos - startNanos),
                millis(end - startNanos),
                withText ? new TrafficRecord.TrafficText(TrafficRequests.messages(endpoint, tree), answer) : null);
    }

    /** Nanoseconds as milliseconds to the microsecond. */
    private static double millis(long nanos) {
        return Math.max(0, nanos / 1000) / 1000.0;
    }
}
