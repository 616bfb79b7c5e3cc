package dev.ollamaperf.client.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client's settings, from the environment ({@link #fromEnvironment(Map)}) or a {@link Builder}. Its
 * {@link #toString()} is printable (one line, every setting) and safe to log: it holds no secrets.
 *
 * @param endpoint       the Ollama server
 * @param defaultModel   model used when a call names none
 * @param maxConcurrent  concurrency limit of the client (1–1000)
 * @param cacheEnabled   whether the response cache is used
 * @param cachePath      SQLite file of the cache's second tier
 * @param modelsPath     informational ({@code OLLAMA_MODELS_PATH}), {@code null} when unset; never written
 * @param connectTimeout TCP connect timeout, > 0
 * @param readTimeout    longest silence while reading a response (also between streamed chunks), > 0
 * @param callTimeout    limit on one whole HTTP call, 0 = none
 * @param limiterWait    longest wait for a concurrency permit, >= 0
 * @param retry          retry of 503s and connection failures
 * @param rateLimit      token-bucket limit on calls (off by default)
 * @param fallbackModels models tried in order when the requested one fails with a fallback-eligible error
 */
public record OllamaClientConfig(Endpoint endpoint, String defaultModel, int maxConcurrent, boolean cacheEnabled,
                                 Path cachePath, String modelsPath, Duration connectTimeout, Duration readTimeout,
                                 Duration callTimeout, Duration limiterWait, RetrySettings retry,
                                 RateLimitSettings rateLimit, List<String> fallbackModels) {

    public OllamaClientConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(defaultModel, "defaultModel");
        if (defaultModel.isBlank()) {
            throw new IllegalArgumentException("'" + ClientSettings.DEFAULT_MODEL + "' must not be blank");
        }
        ClientSettings.checkRange(ClientSettings.MAX_CONCURRENT, maxConcurrent, 1, 1000);
        Objects.requireNonNull(cachePath, "cachePath");
        positive(ClientSettings.CONNECT_TIMEOUT, connectTimeout);
        positive(ClientSettings.READ_TIMEOUT, readTimeout);
        nonNegative(ClientSettings.CALL_TIMEOUT, callTimeout);
        nonNegative(ClientSettings.LIMITER_WAIT, limiterWait);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(rateLimit, "rateLimit");
        fallbackModels = List.copyOf(fallbackModels);
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

    /** Reads every setting from {@code env} (e.g. {@code System.getenv()}); unset ones take their defaults. */
    public static OllamaClientConfig fromEnvironment(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new OllamaClientConfig(ClientSettings.parseEndpoint(env), ClientSettings.parseDefaultModel(env),
                ClientSettings.parseMaxConcurrent(env), ClientSettings.parseCacheEnabled(env),
                ClientSettings.parseCachePath(env, Path.of(home)), ClientSettings.parseModelsPath(env),
                ClientSettings.parseConnectTimeout(env), ClientSettings.parseReadTimeout(env),
                ClientSettings.parseCallTimeout(env), ClientSettings.parseLimiterWait(env),
                ClientSettings.parseRetry(env), ClientSettings.parseRateLimit(env),
                ClientSettings.parseFallbackModels(env));
    }

    /** The defaults, as with an empty environment. */
    public static OllamaClientConfig defaults() {
        return fromEnvironment(Map.of());
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(defaults());
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
        private Endpoint endpoint;
        private String defaultModel;
        private int maxConcurrent;
        private boolean cacheEnabled;
        private Path cachePath;
        private String modelsPath;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration callTimeout;
        private Duration limiterWait;
        private RetrySettings retry;
        private RateLimitSettings rateLimit;
        private List<String> fallbackModels;

        private Builder(OllamaClientConfig c) {
            endpoint = c.endpoint;
            defaultModel = c.defaultModel;
            maxConcurrent = c.maxConcurrent;
            cacheEnabled = c.cacheEnabled;
            cachePath = c.cachePath;
            modelsPath = c.modelsPath;
            connectTimeout = c.connectTimeout;
            readTimeout = c.readTimeout;
            callTimeout = c.callTimeout;
            limiterWait = c.limiterWait;
            retry = c.retry;
            rateLimit = c.rateLimit;
            fallbackModels = c.fallbackModels;
        }

        public Builder endpoint(Endpoint v) { endpoint = v; return this; }
        /** Parses {@code v} like {@code OLLAMA_ENDPOINT}. */
        public Builder endpoint(String v) { endpoint = Endpoint.parse(ClientSettings.ENDPOINT, v); return this; }
        public Builder defaultModel(String v) { defaultModel = v; return this; }
        public Builder maxConcurrent(int v) { maxConcurrent = v; return this; }
        public Builder cacheEnabled(boolean v) { cacheEnabled = v; return this; }
        public Builder cachePath(Path v) { cachePath = v; return this; }
        public Builder modelsPath(String v) { modelsPath = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder readTimeout(Duration v) { readTimeout = v; return this; }
        public Builder callTimeout(Duration v) { callTimeout = v; return this; }
        public Builder limiterWait(Duration v) { limiterWait = v; return this; }
        public Builder retry(RetrySettings v) { retry = v; return this; }
        public Builder rateLimit(RateLimitSettings v) { rateLimit = v; return this; }
        public Builder fallbackModels(List<String> v) { fallbackModels = v; return this; }

        public OllamaClientConfig build() {
            return new OllamaClientConfig(endpoint, defaultModel, maxConcurrent, cacheEnabled, cachePath, modelsPath,
                    connectTimeout, readTimeout, callTimeout, limiterWait, retry, rateLimit, fallbackModels);
        }
    }
}
