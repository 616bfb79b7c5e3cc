package dev.ollamaperf.client.config;

import dev.ollamaperf.client.cache.CacheConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client's settings, from the environment ({@link #fromEnvironment(Map)}) or a {@link Builder} ({@link #builder()},
 * which reads no environment). Its {@link #toString()} is printable (one line, every setting) and safe to log: it
 * holds no secrets.
 *
 * <p>The response cache is part of the config ({@link #cache()}), so every way of building a client opens the cache
 * the same way: {@code OllamaClient.create(config)} opens {@code config.cache()} when it is enabled, and
 * {@code OllamaClient.fromEnvironment()} is {@code create(fromEnvironment(System.getenv()))}.
 *
 * @param endpoints      the Ollama server, or the nodes of a fleet (1–64, each once; see docs/fleets.md)
 * @param defaultModel   model used when a request's model is {@code OllamaClient.DEFAULT_MODEL} ({@code ""})
 * @param maxConcurrent  concurrency limit of the client per node (1–1000); the fleet-wide one is
 *                       {@code fleet.totalLimit(nodes, maxConcurrent)}
 * @param cache          the response cache's settings (enabled flag, SQLite file, bounds, TTL, policy)
 * @param modelsPath     informational ({@code OLLAMA_MODELS_PATH}), {@code null} when unset; never written
 * @param connectTimeout TCP connect timeout, > 0
 * @param readTimeout    longest silence while reading a response (also between streamed chunks), > 0
 * @param callTimeout    limit on one whole HTTP call, 0 = none
 * @param limiterWait    longest wait for a concurrency permit, >= 0
 * @param retry          retry of 503s and connection failures
 * @param rateLimit      token-bucket limit on calls (off by default)
 * @param fallbackModels models tried in order when the requested one fails with a fallback-eligible error
 * @param fleet          how calls are spread over several nodes (total limit, {@code /api/ps} TTL, backoff)
 */
public record OllamaClientConfig(
        List<Endpoint> endpoints,
        String defaultModel,
        int maxConcurrent,
        CacheConfig cache,
        String modelsPath,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        Duration limiterWait,
        RetrySettings retry,
        RateLimitSettings rateLimit,
        List<String> fallbackModels,
        FleetSettings fleet) {

    public OllamaClientConfig {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty() || endpoints.size() > ClientSettings.MAX_NODES) {
            throw new IllegalArgumentException("'" + ClientSettings.ENDPOINTS + "' must name between 1 and "
                    + ClientSettings.MAX_NODES + " nodes, got: " + endpoints.size());
        }
        if (endpoints.stream().map(Endpoint::baseUrl).distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException(
                    "'" + ClientSettings.ENDPOINTS + "' must name each node once, got: " + endpoints);
        }
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(defaultModel, "defaultModel");
        if (defaultModel.isBlank()) {
            throw new IllegalArgumentException("'" + ClientSettings.DEFAULT_MODEL + "' must not be blank");
        }
        ClientSettings.checkRange(ClientSettings.MAX_CONCURRENT, maxConcurrent, 1, 1000);
        Objects.requireNonNull(cache, "cache");
        positive(ClientSettings.CONNECT_TIMEOUT, connectTimeout);
        positive(ClientSettings.READ_TIMEOUT, readTimeout);
        nonNegative(ClientSettings.CALL_TIMEOUT, callTimeout);
        nonNegative(ClientSettings.LIMITER_WAIT, limiterWait);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(rateLimit, "rateLimit");
        fallbackModels = List.copyOf(fallbackModels);
    }

    /** The first (with one node, the only) Ollama server. */
    public Endpoint endpoint() {
        return endpoints.get(0);
    }

    /** The fleet-wide concurrency limit: {@code maxConcurrent} with one node. */
    public int maxConcurrentTotal() {
        return endpoints.size() == 1 ? maxConcurrent : fleet.totalLimit(endpoints.size(), maxConcurrent);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + name + "' must be > 0, got: " + d);
        }
    }

    private static void nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + name + "' must be >= 0, got: " + d);
        }
    }

    /**
     * Reads every setting from {@code env} (e.g. {@code System.getenv()}), including every {@code OLLAMA_CACHE_*}
     * variable; unset ones take their defaults. The cache is on by default, in
     * {@code <HOME>/.cache/ollama-perf/responses.db} ({@code HOME} from {@code env}, else the {@code user.home}
     * property); {@code OLLAMA_CACHE_ENABLED=false} turns it off.
     */
    public static OllamaClientConfig fromEnvironment(Map<String, String> env) {
        return new OllamaClientConfig(
                ClientSettings.parseEndpoints(env),
                ClientSettings.parseDefaultModel(env),
                ClientSettings.parseMaxConcurrent(env),
                ClientSettings.parseCache(env),
                ClientSettings.parseModelsPath(env),
                ClientSettings.parseConnectTimeout(env),
                ClientSettings.parseReadTimeout(env),
                ClientSettings.parseCallTimeout(env),
                ClientSettings.parseLimiterWait(env),
                ClientSettings.parseRetry(env),
                ClientSettings.parseRateLimit(env),
                ClientSettings.parseFallbackModels(env),
                ClientSettings.parseFleet(env));
    }

    /**
     * The built-in defaults (the README's table) with the response cache <b>off</b>; reads no environment variable
     * and no system property.
     */
    public static OllamaClientConfig defaults() {
        return new OllamaClientConfig(
                List.of(Endpoint.parse(ClientSettings.ENDPOINT, ClientSettings.DEFAULT_ENDPOINT)),
                ClientSettings.DEFAULT_DEFAULT_MODEL,
                ClientSettings.DEFAULT_MAX_CONCURRENT,
                CacheConfig.disabled(),
                null,
                ClientSettings.DEFAULT_CONNECT_TIMEOUT,
                ClientSettings.DEFAULT_READ_TIMEOUT,
                ClientSettings.DEFAULT_CALL_TIMEOUT,
                ClientSettings.DEFAULT_LIMITER_WAIT,
                ClientSettings.parseRetry(Map.of()),
                ClientSettings.parseRateLimit(Map.of()),
                ClientSettings.DEFAULT_FALLBACK_MODELS,
                FleetSettings.DEFAULTS);
    }

    /**
     * A builder starting from {@link #defaults()}. It reads nothing from the environment (no {@code OLLAMA_*}
     * variable, no {@code HOME}): every setting is the built-in default until set, and the response cache stays
     * off unless {@link Builder#cache(CacheConfig)} or {@link Builder#cachePath(Path)} switches it on. To start from
     * the environment instead, use {@code fromEnvironment(env).toBuilder()}.
     */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** Whether the response cache is used ({@code cache().enabled()}). */
    public boolean cacheEnabled() {
        return cache.enabled();
    }

    /** The cache's SQLite file ({@code cache().path()}); not opened while the cache is off. */
    public Path cachePath() {
        return cache.path();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The models to try in order for a call that asked for {@code model}: it, then the fallback chain. */
    public List<String> modelChain(String model) {
        if (fallbackModels.isEmpty()) {
            return List.of(model);
        }
        java.util.ArrayList<String> chain = new java.util.ArrayList<>();
        chain.add(model);
        for (String m : fallbackModels) {
            if (!chain.contains(m)) {
                chain.add(m);
            }
        }
        return List.copyOf(chain);
    }

    /** Builder for {@link OllamaClientConfig}. */
    public static final class Builder {
        private List<Endpoint> endpoints;
        private String defaultModel;
        private int maxConcurrent;
        private CacheConfig cache;
        private String modelsPath;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration callTimeout;
        private Duration limiterWait;
        private RetrySettings retry;
        private RateLimitSettings rateLimit;
        private List<String> fallbackModels;
        private FleetSettings fleet;

        private Builder(OllamaClientConfig c) {
            endpoints = c.endpoints;
            fleet = c.fleet;
            defaultModel = c.defaultModel;
            maxConcurrent = c.maxConcurrent;
            cache = c.cache;
            modelsPath = c.modelsPath;
            connectTimeout = c.connectTimeout;
            readTimeout = c.readTimeout;
            callTimeout = c.callTimeout;
            limiterWait = c.limiterWait;
            retry = c.retry;
            rateLimit = c.rateLimit;
            fallbackModels = c.fallbackModels;
        }

        /** One Ollama server (replaces any fleet). */
        public Builder endpoint(Endpoint v) {
            endpoints = List.of(v);
            return this;
        }
        /** Parses {@code v} like {@code OLLAMA_ENDPOINT}. */
        public Builder endpoint(String v) {
            return endpoint(Endpoint.parse(ClientSettings.ENDPOINT, v));
        }

        /** The nodes of a fleet (1–64, each once). */
        public Builder endpoints(List<Endpoint> v) {
            endpoints = v;
            return this;
        }

        /** Parses {@code v} like {@code OLLAMA_ENDPOINTS}. */
        public Builder endpoints(String v) {
            return endpoints(ClientSettings.endpointList(ClientSettings.ENDPOINTS, v));
        }

        /** How calls are spread over the nodes of a fleet. */
        public Builder fleet(FleetSettings v) {
            fleet = v;
            return this;
        }

        public Builder defaultModel(String v) {
            defaultModel = v;
            return this;
        }

        public Builder maxConcurrent(int v) {
            maxConcurrent = v;
            return this;
        }
        /** The response cache's settings; {@link CacheConfig#disabled()} (the builder's default) for none. */
        public Builder cache(CacheConfig v) {
            cache = v;
            return this;
        }
        /** Switches the response cache on, in SQLite file {@code v}, the other cache settings at their defaults. */
        public Builder cachePath(Path v) {
            cache = CacheConfig.at(v);
            return this;
        }
        /** Switches the response cache off ({@link CacheConfig#disabled()}). */
        public Builder noCache() {
            cache = CacheConfig.disabled();
            return this;
        }

        public Builder modelsPath(String v) {
            modelsPath = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder readTimeout(Duration v) {
            readTimeout = v;
            return this;
        }

        public Builder callTimeout(Duration v) {
            callTimeout = v;
            return this;
        }

        public Builder limiterWait(Duration v) {
            limiterWait = v;
            return this;
        }

        public Builder retry(RetrySettings v) {
            retry = v;
            return this;
        }

        public Builder rateLimit(RateLimitSettings v) {
            rateLimit = v;
            return this;
        }

        public Builder fallbackModels(List<String> v) {
            fallbackModels = v;
            return this;
        }

        public OllamaClientConfig build() {
            return new OllamaClientConfig(
                    endpoints,
                    defaultModel,
                    maxConcurrent,
                    cache,
                    modelsPath,
                    connectTimeout,
                    readTimeout,
                    callTimeout,
                    limiterWait,
                    retry,
                    rateLimit,
                    fallbackModels,
                    fleet);
        }
    }
}
