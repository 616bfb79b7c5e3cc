package dev.ollamaperf.client;

import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.EmbedRequest;
import dev.ollamaperf.client.api.EmbedResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.PsResponse;
import dev.ollamaperf.client.api.ShowRequest;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.client.api.TagsResponse;
import dev.ollamaperf.client.api.VersionResponse;
import dev.ollamaperf.client.api.openai.ChatCompletionChunk;
import dev.ollamaperf.client.api.openai.ChatCompletionRequest;
import dev.ollamaperf.client.api.openai.ChatCompletionResponse;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.health.HealthCheck;
import dev.ollamaperf.client.internal.CacheHook;
import dev.ollamaperf.client.internal.Pipeline;
import dev.ollamaperf.client.internal.StreamCalls;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.fleet.Fleet;
import dev.ollamaperf.client.internal.fleet.FleetListings;
import dev.ollamaperf.client.internal.resilience.DeliveryFlag;
import dev.ollamaperf.client.internal.resilience.Served;
import dev.ollamaperf.client.internal.stream.SseDecoder;
import dev.ollamaperf.client.limit.ConcurrencyLimiter;
import dev.ollamaperf.client.metrics.ClientMetrics;
import dev.ollamaperf.client.transport.ForwardRequest;
import dev.ollamaperf.client.transport.StreamingResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The Ollama integration an application uses: typed calls to one Ollama server (or a fleet of nodes,
 * {@code OLLAMA_ENDPOINTS}: docs/fleets.md), each going through the response cache, the rate limiter, model
 * fallback, retry, the concurrency limiter and, with a fleet, the choice of a node, and recorded in
 * {@link #metrics()}.
 *
 * <p>Calls with a listener stream: the listener gets each chunk as it arrives, and the call returns the
 * {@link StreamAggregate} (its {@code model} says which model served). A stream that already delivered a chunk is
 * never retried nor moved to a fallback model. Blocking calls return the server's answer, whose {@code model}
 * field likewise names the serving model. To use the configured default model, name it: {@link #defaultModel()}
 * (a request whose model is {@link #DEFAULT_MODEL}, the empty name, also gets it, as a raw request without a
 * {@code model} does through the gateway).
 *
 * <p>There is deliberately no method for pull, push, create, copy or delete (and the transport refuses those
 * paths). Failures are the sealed {@link dev.ollamaperf.client.error.OllamaException} set; a call cancelled
 * through a {@link CallControl} ends with {@link java.util.concurrent.CancellationException}. Thread-safe; share
 * one instance per Ollama server and close it at shutdown.
 */
public final class OllamaClient implements AutoCloseable {

    /**
     * The model name that stands for this client's configured default ({@link #defaultModel()}): a request naming
     * it is sent with the default model's name. Prefer {@code ChatRequest.of(client.defaultModel(), ...)}, which
     * says which model it means; this is the empty name, so requests decoded from JSON without a model get it too.
     */
    public static final String DEFAULT_MODEL = "";

    private final OllamaClientConfig config;
    private final OllamaCodecs codecs;
    private final Fleet fleet;
    private final Pipeline pipeline;
    private final CacheHook cache; // null when disabled
    private final ClientMetrics metrics;
    private final HealthCheck health;
    private final LongSupplier nanoClock;
    private final AutoCloseable resources;
    private final ConcurrencyLimiter limiter;
    private final StreamCalls streamCalls;

    OllamaClient(
            OllamaClientConfig config,
            OllamaCodecs codecs,
            Fleet fleet,
            Pipeline pipeline,
            CacheHook cache,
            ClientMetrics metrics,
            HealthCheck health,
            LongSupplier nanoClock,
            AutoCloseable resources,
            ConcurrencyLimiter limiter) {
        this.limiter = limiter;
        this.config = config;
        this.codecs = codecs;
        this.fleet = fleet;
        this.pipeline = pipeline;
        this.cache = cache;
        this.metrics = metrics;
        this.health = health;
        this.nanoClock = nanoClock;
        this.resources = resources;
        this.streamCalls = new StreamCalls(codecs, pipeline, cache, nanoClock);
    }

    /**
     * A client for {@code config} with the system clock. The response cache is {@code config.cache()}: opened
     * ({@code ResponseCache.open}, warnings to standard error) when it is enabled, none when it is not. A config
     * from {@code OllamaClientConfig.builder()} has it off unless set there; one from
     * {@code OllamaClientConfig.fromEnvironment} has every {@code OLLAMA_CACHE_*} variable applied.
     */
    public static OllamaClient create(OllamaClientConfig config) {
        return builder(config).build();
    }

    /** {@code create(OllamaClientConfig.fromEnvironment(System.getenv()))}. */
    public static OllamaClient fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** {@code create(OllamaClientConfig.fromEnvironment(env))}: every setting, the cache's too, from {@code env}. */
    public static OllamaClient fromEnvironment(Map<String, String> env) {
        return create(OllamaClientConfig.fromEnvironment(env));
    }

    /** A builder to replace clocks, the cache or the metrics. */
    public static OllamaClientBuilder builder(OllamaClientConfig config) {
        return new OllamaClientBuilder(config);
    }

    /** {@code POST /api/generate}, not streamed. */
    public GenerateResponse generate(GenerateRequest request) {
        GenerateRequest r = resolve(request).withStream(false);
        CacheKey key = cache == null ? null : cache.cacheableKey(EndpointKind.GENERATE, codecs.generateRequest(), r);
        if (key != null) {
            Optional<GenerateResponse> hit = cache.lookup(key, r.model(), codecs.generateResponse());
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Served<GenerateResponse> served = pipeline.modelCall(
                r.model(),
                true,
                new DeliveryFlag(),
                (t, m) -> t.post("/api/generate", codecs.generateRequest(), r.withModel(m), codecs.generateResponse()),
                x -> -1,
                x -> x.metrics().outputTokensPerSecond());
        if (key != null && !served.fellBack()) {
            cache.store(EndpointKind.GENERATE, key, codecs.generateResponse(), served.value());
        }
        return served.value();
    }

    /** {@code POST /api/generate}, streamed to {@code listener}. */
    public StreamAggregate generate(GenerateRequest request, StreamListener<? super GenerateResponse> listener) {
        return generate(request, listener, CallControl.NONE);
    }

    /** {@code POST /api/generate}, streamed to {@code listener}, cancellable through {@code control}. */
    public StreamAggregate generate(
            GenerateRequest request, StreamListener<? super GenerateResponse> listener, CallControl control) {
        return streamCalls.generate(resolve(request).withStream(true), listener, control);
    }

    /** {@code POST /api/chat}, not streamed. */
    public ChatResponse chat(ChatRequest request) {
        ChatRequest r = resolve(request).withStream(false);
        CacheKey key = cache == null ? null : cache.cacheableKey(EndpointKind.CHAT, codecs.chatRequest(), r);
        if (key != null) {
            Optional<ChatResponse> hit = cache.lookup(key, r.model(), codecs.chatResponse());
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Served<ChatResponse> served = pipeline.modelCall(
                r.model(),
                true,
                new DeliveryFlag(),
                (t, m) -> t.post("/api/chat", codecs.chatRequest(), r.withModel(m), codecs.chatResponse()),
                x -> -1,
                x -> x.metrics().outputTokensPerSecond());
        if (key != null && !served.fellBack()) {
            cache.store(EndpointKind.CHAT, key, codecs.chatResponse(), served.value());
        }
        return served.value();
    }

    /** {@code POST /api/chat}, streamed to {@code listener}. */
    public StreamAggregate chat(ChatRequest request, StreamListener<? super ChatResponse> listener) {
        return chat(request, listener, CallControl.NONE);
    }

    /** {@code POST /api/chat}, streamed to {@code listener}, cancellable through {@code control}. */
    public StreamAggregate chat(
            ChatRequest request, StreamListener<? super ChatResponse> listener, CallControl control) {
        return streamCalls.chat(resolve(request).withStream(true), listener, control);
    }

    /** {@code POST /v1/chat/completions}, not streamed (no cache, no fallback rewriting of the body's model). */
    public ChatCompletionResponse chatCompletion(ChatCompletionRequest request) {
        ChatCompletionRequest r = request.stream() != null && request.stream() ? withStream(request, false) : request;
        return pipeline.modelCall(
                        r.model(),
                        true,
                        new DeliveryFlag(),
                        (t, m) -> t.post(
                                "/v1/chat/completions",
                                codecs.chatCompletionRequest(),
                                withModel(r, m),
                                codecs.chatCompletionResponse()),
                        x -> -1,
                        x -> 0)
                .value();
    }

    /** {@code POST /v1/chat/completions} streamed as server-sent events to {@code listener}. */
    public StreamAggregate chatCompletion(
            ChatCompletionRequest request, StreamListener<? super ChatCompletionChunk> listener, CallControl control) {
        ChatCompletionRequest r = withStream(request, true);
        long start = nanoClock.getAsLong();
        DeliveryFlag delivery = new DeliveryFlag();
        StreamListener<ChatCompletionChunk> marking = (c, t) -> {
            delivery.markDelivered();
            listener.onChunk(c, t);
        };
        return pipeline.modelCall(
                        r.model(),
                        true,
                        delivery,
                        (t, m) -> t.stream(
                                "/v1/chat/completions",
                                codecs.chatCompletionRequest().encode(withModel(r, m)),
                                new SseDecoder(codecs, marking, nanoClock, start),
                                control),
                        StreamAggregate::ttftNanos,
                        a -> 0)
                .value();
    }

    /** {@code POST /api/embed} (no fallback: another model's vectors are not interchangeable). */
    public EmbedResponse embed(EmbedRequest request) {
        EmbedRequest r = request.model().equals(DEFAULT_MODEL) ? request.withModel(config.defaultModel()) : request;
        return pipeline.modelCall(
                        r.model(),
                        false,
                        new DeliveryFlag(),
                        (t, m) -> t.post("/api/embed", codecs.embedRequest(), r, codecs.embedResponse()),
                        x -> -1,
                        x -> 0)
                .value();
    }

    /**
     * {@code GET /api/tags}: models present on the server; for a fleet, on any node that is up (each model once, see
     * {@link FleetListings#tags}).
     */
    public TagsResponse tags() {
        return pipeline.metadataCall(
                t -> t.get("/api/tags", codecs.tags()),
                f -> FleetListings.tags(f.fromEachNode(t -> t.get("/api/tags", codecs.tags()))));
    }

    /**
     * {@code GET /api/ps}: models loaded now; for a fleet, those of every node that is up, node after node (see
     * {@link FleetListings#ps}).
     */
    public PsResponse ps() {
        return pipeline.metadataCall(
                t -> t.get("/api/ps", codecs.ps()),
                f -> FleetListings.ps(f.fromEachNode(t -> t.get("/api/ps", codecs.ps()))));
    }

    /** {@code POST /api/show}: a model's details; for a fleet, from the first node that is up and holds it. */
    public ShowResponse show(ShowRequest request) {
        return pipeline.metadataCall(
                t -> t.post("/api/show", codecs.showRequest(), request, codecs.showResponse()),
                f -> f.fromFirstNode(t -> t.post("/api/show", codecs.showRequest(), request, codecs.showResponse())));
    }

    /** {@code GET /api/version}; for a fleet, the first node's that is up and answers. */
    public VersionResponse version() {
        return pipeline.metadataCall(
                t -> t.get("/api/version", codecs.version()),
                f -> f.fromFirstNode(t -> t.get("/api/version", codecs.version())));
    }

    /**
     * Loads {@code model} without generating (an empty prompt) and sets its keep-alive; returns the server's
     * {@code done_reason: "load"} answer. No fallback: the point is to load this model.
     *
     * @param keepAlive how long to keep it loaded, or {@code null} for the server's default
     */
    public GenerateResponse warmUp(String model, KeepAlive keepAlive) {
        GenerateRequest r =
                GenerateRequest.builder(model.equals(DEFAULT_MODEL) ? config.defaultModel() : model)
                        .keepAlive(keepAlive)
                        .stream(false)
                        .build();
        return pipeline.modelCall(
                        r.model(),
                        false,
                        new DeliveryFlag(),
                        (t, m) -> t.post("/api/generate", codecs.generateRequest(), r, codecs.generateResponse()),
                        x -> -1,
                        x -> 0)
                .value();
    }

    /**
     * Sends {@code request} to this client's server as it is, over the client's own connections, and returns the
     * open response whatever its status; for a proxy passing through endpoints this client has no typed call for.
     * None of the pipeline applies (no cache, rate limit, fallback, retry or concurrency permit: a caller that
     * wants the bound takes a permit from {@link #limiter()}), and nothing is recorded in {@link #metrics()}.
     * Destructive paths are refused however they are spelled. The caller closes the result.
     *
     * @throws IllegalArgumentException for a destructive path
     * @throws dev.ollamaperf.client.error.OllamaException when no response arrived (timeout, connection failed)
     */
    public StreamingResponse forward(ForwardRequest request) {
        return fleet.forward(request);
    }

    /** Liveness and readiness checks against this client's server (results cached briefly). */
    public HealthCheck health() {
        return health;
    }

    /** The client's statistics; call {@code snapshot()} to read them. */
    public ClientMetrics metrics() {
        return metrics;
    }

    /** The concurrency limiter (for introspection: permits in use, waiting callers, high-water mark). */
    public ConcurrencyLimiter limiter() {
        return limiter;
    }

    /**
     * The configured default model ({@code OLLAMA_DEFAULT_MODEL}, or the config's {@code defaultModel}): the one to
     * name in a request that wants it, e.g. {@code ChatRequest.of(client.defaultModel(), messages)}, and the one
     * {@code health().requireReady} checks.
     */
    public String defaultModel() {
        return config.defaultModel();
    }

    /** The configuration this client was built from. */
    public OllamaClientConfig config() {
        return config;
    }

    /** Closes connections and the response cache. */
    @Override
    public void close() {
        fleet.close();
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the client's resources", e);
        }
    }

    private GenerateRequest resolve(GenerateRequest r) {
        return r.model().equals(DEFAULT_MODEL) ? r.withModel(config.defaultModel()) : r;
    }

    private ChatRequest resolve(ChatRequest r) {
        return r.model().equals(DEFAULT_MODEL) ? r.withModel(config.defaultModel()) : r;
    }

    private static ChatCompletionRequest withStream(ChatCompletionRequest r, boolean stream) {
        return new ChatCompletionRequest(
                r.model(),
                r.messages(),
                stream,
                r.streamOptions(),
                r.maxTokens(),
                r.seed(),
                r.stop(),
                r.temperature(),
                r.topP(),
                r.frequencyPenalty(),
                r.presencePenalty(),
                r.responseFormat(),
                r.tools(),
                r.reasoningEffort());
    }

    private static ChatCompletionRequest withModel(ChatCompletionRequest r, String model) {
        return new ChatCompletionRequest(
                model,
                r.messages(),
                r.stream(),
                r.streamOptions(),
                r.maxTokens(),
                r.seed(),
                r.stop(),
                r.temperature(),
                r.topP(),
                r.frequencyPenalty(),
                r.presencePenalty(),
                r.responseFormat(),
                r.tools(),
                r.reasoningEffort());
    }
}
