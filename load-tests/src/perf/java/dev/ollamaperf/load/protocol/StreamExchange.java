package dev.ollamaperf.load.protocol;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends one request without blocking and times every line of its answer as it arrives, through the JDK HttpClient:
 * the harness's client until {@link NettyStreamExchange} replaced it, kept as the peer {@code HarnessCapacityBenchmark}
 * compares it with (it lives beside the benchmark, in the protocol package for {@link StreamTimer}).
 *
 * <p>Implementation notes: the JDK HttpClient delivers body lines to a {@link Flow.Subscriber} on its
 * own threads, one line at a time, as the bytes arrive; each line is stamped with the clock on arrival
 * and handed to the request's {@link StreamTimer}, which times it and delivers the observation exactly once.
 */
public final class StreamExchange {

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
        byte[] body = StreamTimer.body(request);
        HttpRequest httpRequest = HttpRequest.newBuilder(
                        baseUri.resolve(request.api().path()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        StreamTimer timer = new StreamTimer(request, intendedStartNanos, nanoClock.getAsLong(), keepAnswer, done);
        LineSubscriber lines = new LineSubscriber(timer);
        http.sendAsync(httpRequest, info -> {
                    timer.status(info.statusCode());
                    return HttpResponse.BodySubscribers.fromLineSubscriber(
                            lines, s -> null, StandardCharsets.UTF_8, null);
                })
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        lines.fail(failure);
                    } else {
                        timer.complete(nanoClock.getAsLong());
                    }
                });
    }

    /** Hands the body lines of one request, stamped on arrival, to its timer. */
    private final class LineSubscriber implements Flow.Subscriber<String> {
        private final StreamTimer timer;
        private Flow.Subscription subscription;

        LineSubscriber(StreamTimer timer) {
            this.timer = timer;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            timer.line(line, nanoClock.getAsLong());
        }

        @Override
        public void onError(Throwable throwable) {
            fail(throwable);
        }

        @Override
        public void onComplete() {
            // the future's completion delivers; nothing to do here
        }

        void fail(Throwable failure) {
            if (subscription != null) {
                subscription.cancel();
            }
            timer.fail(failure, nanoClock.getAsLong());
        }
    }
}
