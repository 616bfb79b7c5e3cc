package dev.ollamaperf.load.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Times the lines of one streamed answer, whatever client read them, and delivers its {@link StreamObservation}
 * exactly once.
 *
 * <p>Implementation notes: the transport stamps each line on arrival and hands it over with that stamp, so parsing
 * never inflates a measured latency. Lines come from one thread at a time (the transport's), so the fields need no
 * locking; only the delivery can race (the body completing, the connection failing and the timeout firing), which the
 * {@code delivered} flag settles. Ollama sends no headers until its first token (docs/ollama-api.md §1.0), so the
 * response's arrival is not used as TTFT: the first line with text is.
 */
final class StreamTimer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OllamaRequest request;
    private final long intendedStartNanos;
    private final long sendNanos;
    private final Consumer<StreamObservation> done;
    /** The answer's text so far, when kept; else null. */
    private final StringBuilder answer;

    private final AtomicBoolean delivered = new AtomicBoolean();
    private volatile int status;
    private long firstTokenNanos = -1;
    private long firstThinkingNanos = -1;
    private long lastTokenNanos;
    private long endNanos = -1;
    private int tokens;
    private long[] gaps = new long[64];
    private StreamObservation.ServerTimings server;
    private String errorMessage;
    private boolean finished;

    /**
     * @param keepAnswer keep the answer's text in the observation (a conversation sends it back next turn)
     */
    StreamTimer(
            OllamaRequest request,
            long intendedStartNanos,
            long sendNanos,
            boolean keepAnswer,
            Consumer<StreamObservation> done) {
        this.request = request;
        this.intendedStartNanos = intendedStartNanos;
        this.sendNanos = sendNanos;
        this.answer = keepAnswer ? new StringBuilder() : null;
        this.done = done;
    }

    /** The request body as the API writes it. */
    static byte[] body(OllamaRequest request) {
        try {
            return JSON.writeValueAsBytes(request.api().body(request));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request for " + request.model(), e);
        }
    }

    /** The response's status arrived. */
    void status(int code) {
        status = code;
    }

    /** True once the observation went out (the transport may stop reading). */
    boolean delivered() {
        return delivered.get();
    }

    /** One body line (without its line break), stamped on arrival. */
    void line(String line, long arrival) {
        OllamaApi api = request.api();
        if (api.isDoneMarker(line)) {
            finished = true;
            endNanos = arrival;
            return;
        }
        String payload = api.payload(line);
        if (payload == null) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(payload);
        } catch (IOException e) {
            errorMessage = "unparseable line: " + abbreviate(payload);
            return;
        }
        if (chunk.has("error")) {
            JsonNode error = chunk.get("error");
            errorMessage =
                    error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            endNanos = arrival;
            return;
        }
        boolean thinking = !api.thinkingText(chunk).isEmpty();
        String text = api.tokenText(chunk);
        if (thinking && firstThinkingNanos < 0) {
            firstThinkingNanos = arrival;
        }
        if (!text.isEmpty() && firstTokenNanos < 0) {
            firstTokenNanos = arrival;
        }
        if (thinking || !text.isEmpty()) {
            // one chunk, one arrival: a chunk with both thinking and answer text counts once
            onToken(arrival);
        }
        if (!text.isEmpty() && answer != null) {
            answer.append(text);
        }
        if (chunk.path("done").asBoolean(false)) {
            server = timings(chunk);
            if (!api.serverSentEvents()) {
                finished = true;
                endNanos = arrival;
            }
        } else if (chunk.has("usage")) {
            server = usageOnly(chunk.get("usage"));
        }
        if (!request.stream()) {
            finished = true;
            endNanos = arrival;
        }
    }

    /** A chunk with text (thinking or answer) arrived: counts it and the gap since the previous one. */
    private void onToken(long arrival) {
        if (tokens > 0) {
            if (tokens - 1 == gaps.length) {
                gaps = Arrays.copyOf(gaps, gaps.length * 2);
            }
            gaps[tokens - 1] = arrival - lastTokenNanos;
        }
        lastTokenNanos = arrival;
        tokens++;
    }

    /** The body ended at {@code now} (the end is the final chunk's arrival when there was one). */
    void complete(long now) {
        long end = endNanos >= 0 ? endNanos : now;
        if (status != 200) {
            deliver(end, RequestOutcome.HTTP_ERROR, errorMessage);
        } else if (errorMessage != null) {
            deliver(end, RequestOutcome.STREAM_ERROR, errorMessage);
        } else if (!finished) {
            deliver(end, RequestOutcome.DROPPED, "stream ended without a final chunk after " + tokens + " tokens");
        } else {
            deliver(end, RequestOutcome.OK, null);
        }
    }

    /** The request failed at {@code now}: a timeout, a refused connection, or a stream cut short. */
    void fail(Throwable failure, long now) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        RequestOutcome outcome;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            outcome = RequestOutcome.TIMEOUT;
        } else if (cause instanceof ConnectException) {
            outcome = RequestOutcome.CONNECTION;
        } else {
            outcome = tokens > 0 || status != 0 ? RequestOutcome.DROPPED : RequestOutcome.CONNECTION;
        }
        deliver(now, outcome, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private void deliver(long end, RequestOutcome outcome, String message) {
        if (delivered.compareAndSet(false, true)) {
            long[] interTokenGaps = Arrays.copyOf(gaps, Math.max(0, tokens - 1));
            done.accept(new StreamObservation(
                    request.model(),
                    intendedStartNanos,
                    sendNanos,
                    firstTokenNanos,
                    end,
                    tokens,
                    interTokenGaps,
                    server,
                    outcome,
                    status,
                    message,
                    answer == null ? null : answer.toString(),
                    firstThinkingNanos));
        }
    }

    private static StreamObservation.ServerTimings timings(JsonNode chunk) {
        return new StreamObservation.ServerTimings(
                chunk.path("total_duration").asLong(0),
                chunk.path("load_duration").asLong(0),
                chunk.path("prompt_eval_count").asInt(0),
                chunk.path("prompt_eval_duration").asLong(0),
                chunk.path("eval_count").asInt(0),
                chunk.path("eval_duration").asLong(0));
    }

    /** /v1 streams carry token counts only (no server durations). */
    private static StreamObservation.ServerTimings usageOnly(JsonNode usage) {
        return new StreamObservation.ServerTimings(
                0,
                0,
                usage.path("prompt_tokens").asInt(0),
                0,
                usage.path("completion_tokens").asInt(0),
                0);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
