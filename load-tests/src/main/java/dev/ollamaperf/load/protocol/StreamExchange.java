package dev.ollamaperf.load.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends one request without blocking and times every line of its answer as it arrives.
 *
 * <p>Implementation notes: the JDK HttpClient delivers body lines to a {@link Flow.Subscriber} on its
 * own threads, one line at a time, as the bytes arrive; one subscriber serves one request, so its
 * fields need no locking. Each line is stamped with the clock on arrival, before it is parsed, so
 * parsing never inflates a measured latency. Exactly one observation is delivered per request: the
 * {@code delivered} flag guards the race between the body completing, the connection failing and
 * the timeout firing. Ollama sends no headers until its first token (docs/ollama-api.md §1.0), so the
 * client's "response received" is not used as TTFT: the first line with text is.
 */
public final class StreamExchange {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUri;
    private final Duration timeout;
    private final LongSupplier nanoClock;

    /**
     * @param http      the shared client (one per simulation)
     * @param baseUri   the target, e.g. {@code http://127.0.0.1:11434}
     * @param timeout   the longest a request may take end to end (a stalled stream fails with TIMEOUT)
     * @param nanoClock time source, {@code System::nanoTime} outside tests
     */
    public StreamExchange(HttpClient http, URI baseUri, Duration timeout, LongSupplier nanoClock) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Sends the request; {@code done} receives the observation exactly once, on an HTTP client thread.
     *
     * @param intendedStartNanos when the request was meant to start (pass the send time if unknown)
     */
    public void send(OllamaRequest request, long intendedStartNanos, Consumer<StreamObservation> done) {
        send(request, intendedStartNanos, false, done);
    }

    /**
     * Sends the request; {@code done} receives the observation exactly once, on an HTTP client thread.
     *
     * @param intendedStartNanos when the request was meant to start (pass the send time if unknown)
     * @param keepAnswer         keep the answer's text in the observation (a conversation sends it back next turn)
     */
    public void send(
            OllamaRequest request, long intendedStartNanos, boolean keepAnswer, Consumer<StreamObservation> done) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request.api().body(request));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request for " + request.model(), e);
        }
        HttpRequest httpRequest = HttpRequest.newBuilder(
                        baseUri.resolve(request.api().path()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        LineTimer timer = new LineTimer(
                request, intendedStartNanos, nanoClock.getAsLong(), keepAnswer ? new StringBuilder() : null, done);
        http.sendAsync(httpRequest, info -> {
                    timer.status = info.statusCode();
                    return HttpResponse.BodySubscribers.fromLineSubscriber(
                            timer, s -> null, StandardCharsets.UTF_8, null);
                })
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        timer.fail(failure);
                    } else {
                        timer.complete();
                    }
                });
    }

    /** Receives the body lines of one request. */
    private final class LineTimer implements Flow.Subscriber<String> {
        private final OllamaRequest request;
        private final long intendedStartNanos;
        private final long sendNanos;
        private final Consumer<StreamObservation> done;
        /** The answer's text so far, when kept; else null. */
        private final StringBuilder answer;

        private final AtomicBoolean delivered = new AtomicBoolean();
        private volatile int status;
        private Flow.Subscription subscription;
        private long firstTokenNanos = -1;
        private long firstThinkingNanos = -1;
        private long lastTokenNanos;
        private long endNanos = -1;
        private int tokens;
        private long[] gaps = new long[64];
        private StreamObservation.ServerTimings server;
        private String errorMessage;
        private boolean finished;

        LineTimer(
                OllamaRequest request,
                long intendedStartNanos,
                long sendNanos,
                StringBuilder answer,
                Consumer<StreamObservation> done) {
            this.request = request;
            this.intendedStartNanos = intendedStartNanos;
            this.sendNanos = sendNanos;
            this.answer = answer;
            this.done = done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long arrival = nanoClock.getAsLong();
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
                errorMessage = error.isTextual()
                        ? error.asText()
                        : error.path("message").asText(error.toString());
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

        @Override
        public void onError(Throwable throwable) {
            fail(throwable);
        }

        @Override
        public void onComplete() {
            // the future's completion delivers; nothing to do here
        }

        void complete() {
            long end = endNanos >= 0 ? endNanos : nanoClock.getAsLong();
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

        void fail(Throwable failure) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (subscription != null) {
                subscription.cancel();
            }
            RequestOutcome outcome;
            if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                outcome = RequestOutcome.TIMEOUT;
            } else if (cause instanceof ConnectException) {
                outcome = RequestOutcome.CONNECTION;
            } else {
                outcome = tokens > 0 || status != 0 ? RequestOutcome.DROPPED : RequestOutcome.CONNECTION;
            }
            deliver(nanoClock.getAsLong(), outcome, cause.getClass().getSimpleName() + ": " + cause.getMessage());
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
