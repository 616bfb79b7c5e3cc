package dev.ollamaperf.recorder;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.client.api.ShowRequest;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.config.RateLimitSettings;
import dev.ollamaperf.client.config.RetrySettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The recorder's only way to the server: streamed {@code /api/generate} calls timed by the client,
 * and the read-only metadata endpoints. Built on the project's client with its cache, retries,
 * fallback and rate limit switched off, so every figure is one request as the server served it.
 * The client has no pull, push, create, copy or delete; the only state this class changes on the
 * server is loading a model (by using it) and {@link #unload unloading} one.
 */
final class Probe implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final OllamaClient client;
    private final LongSupplier nanoClock;

    /**
     * @param target      the server
     * @param concurrency most requests in flight at once (the batching curve's N)
     */
    Probe(URI target, int concurrency) {
        this(
                OllamaClient.create(OllamaClientConfig.builder()
                        .endpoint(target.toString())
                        .noCache()
                        .maxConcurrent(Math.max(1, concurrency))
                        .retry(RetrySettings.NONE)
                        .rateLimit(RateLimitSettings.OFF)
                        .fallbackModels(List.of())
                        .limiterWait(Duration.ofMinutes(30))
                        .connectTimeout(Duration.ofSeconds(3))
                        .readTimeout(Duration.ofMinutes(10))
                        .callTimeout(Duration.ofMinutes(20))
                        .build()),
                System::nanoTime);
    }

    Probe(OllamaClient client, LongSupplier nanoClock) {
        this.client = client;
        this.nanoClock = nanoClock;
    }

    /** The server's version (also the reachability check). */
    String version() {
        return client.version().version();
    }

    /** The models the server has, full names. */
    List<ModelInfo> present() {
        return client.tags().models();
    }

    /** The loaded models now. */
    List<RunningModel> running() {
        return client.ps().models();
    }

    /** The loaded entry of {@code model}, if it is loaded. */
    Optional<RunningModel> running(String model) {
        String name = ModelNames.normalize(model);
        return running().stream()
                .filter(m -> ModelNames.normalize(m.name()).equals(name))
                .findFirst();
    }

    ShowResponse show(String model) {
        return client.show(ShowRequest.of(model));
    }

    /**
     * One streamed generate request; blocks until its final chunk.
     *
     * @param numPredict output tokens to ask for
     * @param numCtx     the context to ask for, or null for the server's default (passing the loaded
     *                   runner's value keeps Ollama from reloading a model someone else loaded)
     */
    Sample generate(String model, String prompt, int numPredict, Integer numCtx) {
        GenerateRequest request = GenerateRequest.builder(model)
                .prompt(prompt)
                .options(Options.builder().numPredict(numPredict).numCtx(numCtx).build())
                .build();
        return sample(model, client.generate(request, StreamListener.ignoring()));
    }

    /**
     * One streamed generate request whose length the model chooses ({@code num_predict} unset, since
     * Ollama's {@code num_predict} is a cap but the emulator's is an exact length). The client stops
     * reading after {@code cap} text chunks, which closes the connection and makes the server stop;
     * such a sample has no server metrics, only the client's timing, and {@code doneReason "cap"}.
     */
    Sample generateOpenEnded(String model, String prompt, int cap, Integer numCtx) {
        GenerateRequest request = GenerateRequest.builder(model)
                .prompt(prompt)
                .options(Options.builder().numCtx(numCtx).build())
                .build();
        long[] arrivals = new long[cap];
        long[] stamps = new long[cap];
        int[] count = {0};
        StreamListener<GenerateResponse> capping = (chunk, arrivalNanos) -> {
            if (!chunk.response().isEmpty()) {
                arrivals[count[0]] = arrivalNanos;
                stamps[count[0]++] = epochNanos(chunk.createdAt());
                if (count[0] == cap && !chunk.done()) {
                    throw new CapReached();
                }
            }
        };
        try {
            Sample s = sample(model, client.generate(request, capping));
            return withServerGaps(s, stamps, count[0]);
        } catch (RuntimeException e) {
            if (count[0] < cap) {
                throw e;
            }
            return new Sample(
                    arrivals[0],
                    arrivals[cap - 1],
                    gaps(arrivals, cap),
                    0,
                    0,
                    0,
                    cap,
                    0,
                    0,
                    Sample.CAPPED,
                    serverGaps(stamps, cap));
        }
    }

    private static Sample sample(String model, StreamAggregate a) {
        if (!a.done()) {
            throw new IllegalStateException("the stream for '" + model + "' ended without its final chunk after "
                    + a.contentChunkCount() + " chunks");
        }
        var m = a.metrics();
        return new Sample(
                a.ttftNanos(),
                a.lastChunkNanos(),
                a.gapsNanos(),
                m.loadDuration(),
                m.promptEvalCount(),
                m.promptEvalDuration(),
                m.evalCount(),
                m.evalDuration(),
                m.totalDuration(),
                a.doneReason(),
                new long[0]);
    }

    private static Sample withServerGaps(Sample s, long[] stamps, int count) {
        return new Sample(
                s.ttftNanos(),
                s.e2eNanos(),
                s.gapsNanos(),
                s.loadNanos(),
                s.promptEvalCount(),
                s.promptEvalNanos(),
                s.evalCount(),
                s.evalNanos(),
                s.totalNanos(),
                s.doneReason(),
                serverGaps(stamps, count));
    }

    private static long[] gaps(long[] times, int count) {
        long[] gaps = new long[Math.max(0, count - 1)];
        for (int i = 1; i < count; i++) {
            gaps[i - 1] = times[i] - times[i - 1];
        }
        return gaps;
    }

    /** Gaps between created_at stamps; empty when any stamp was missing or unparseable. */
    private static long[] serverGaps(long[] stamps, int count) {
        for (int i = 0; i < count; i++) {
            if (stamps[i] == Long.MIN_VALUE) {
                return new long[0];
            }
        }
        return gaps(stamps, count);
    }

    /** RFC3339 {@code created_at} as nanoseconds since the epoch, {@link Long#MIN_VALUE} when absent or bad. */
    static long epochNanos(String createdAt) {
        if (createdAt == null) {
            return Long.MIN_VALUE;
        }
        try {
            Instant t = OffsetDateTime.parse(createdAt, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Thrown from the stream listener to stop reading; the client closes the connection. */
    private static final class CapReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CapReached() {
            super("reached the output cap", null, false, false);
        }
    }

    /**
     * Asks the server to unload {@code model} ({@code keep_alive: 0}) and waits until /api/ps no
     * longer lists it. Call only for a model this recorder loaded.
     *
     * @throws IllegalStateException when it is still listed after {@code timeout}
     */
    void unload(String model, Duration timeout) throws InterruptedException {
        client.warmUp(model, KeepAlive.UNLOAD_NOW);
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        while (running(model).isPresent()) {
            if (nanoClock.getAsLong() - deadline > 0) {
                throw new IllegalStateException("model '" + model + "' is still loaded " + timeout.toSeconds()
                        + " s after the request to unload it");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
