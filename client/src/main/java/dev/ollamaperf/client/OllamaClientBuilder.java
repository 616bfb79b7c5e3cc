package dev.ollamaperf.client;

import dev.ollamaperf.client.cache.CacheStats;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.health.HealthCheck;
import dev.ollamaperf.client.internal.CacheHook;
import dev.ollamaperf.client.internal.Pipeline;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.fleet.Fleet;
import dev.ollamaperf.client.internal.limit.RateLimiter;
import dev.ollamaperf.client.internal.resilience.RetryPolicy;
import dev.ollamaperf.client.limit.ConcurrencyLimiter;
import dev.ollamaperf.client.limit.Sleeper;
import dev.ollamaperf.client.metrics.CacheMetricsListener;
import dev.ollamaperf.client.metrics.ClientMetrics;
import dev.ollamaperf.client.metrics.MetricsSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Builds an {@link OllamaClient}, with the system defaults unless replaced: system clocks, real sleeps, random
 * jitter, fresh metrics, and the response cache the config describes ({@code config.cache()}: opened with
 * {@code ResponseCache.open} when enabled, none when not). It reads no environment variable itself: the config
 * carries every setting.
 */
public final class OllamaClientBuilder {

    private final OllamaClientConfig config;
    private LongSupplier nanoClock = System::nanoTime;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private Sleeper healthSleeper = Sleeper.system();
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
    private ClientMetrics metrics = new ClientMetrics();
    private ResponseCache cache;
    private boolean cacheGiven;
    private Duration healthTtl = Duration.ofSeconds(2);
    private OllamaCodecs codecs = OllamaCodecs.shared();

    OllamaClientBuilder(OllamaClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The clock used for every client-side duration. */
    public OllamaClientBuilder nanoClock(LongSupplier v) {
        nanoClock = Objects.requireNonNull(v);
        return this;
    }

    /** The wall clock (cache timestamps and TTL). */
    public OllamaClientBuilder clock(Clock v) {
        clock = Objects.requireNonNull(v);
        return this;
    }

    /** How retry backoffs and rate-limit waits sleep. */
    public OllamaClientBuilder sleeper(Sleeper v) {
        sleeper = Objects.requireNonNull(v);
        return this;
    }

    /**
     * How a fleet's background health checks wait between passes (a pass runs the checks that are due on the
     * {@link #nanoClock}; so a test moves that clock to bring a node's check forward, and keeps real sleeps here).
     */
    public OllamaClientBuilder healthSleeper(Sleeper v) {
        healthSleeper = Objects.requireNonNull(v);
        return this;
    }

    /** Source of retry jitter in [0,1). */
    public OllamaClientBuilder jitter(DoubleSupplier v) {
        jitter = Objects.requireNonNull(v);
        return this;
    }

    /** Where statistics are recorded (share one to aggregate several clients). */
    public OllamaClientBuilder metrics(ClientMetrics v) {
        metrics = Objects.requireNonNull(v);
        return this;
    }

    /**
     * The response cache to use, or {@code null} for none, instead of opening {@code config.cache()} (e.g. one
     * opened with another clock or {@code WarningSink}). The client closes it.
     */
    public OllamaClientBuilder responseCache(ResponseCache v) {
        cache = v;
        cacheGiven = true;
        return this;
    }

    /** How long health results are reused (default 2 s). */
    public OllamaClientBuilder healthTtl(Duration v) {
        healthTtl = Objects.requireNonNull(v);
        return this;
    }

    /** The client. */
    public OllamaClient build() {
        Fleet fleet = Fleet.create(config, codecs, nanoClock, healthSleeper);
        // with one node the per-node and the total limit are one limit; with a fleet this is the total
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(
                config.maxConcurrentTotal(), config.limiterWait(), nanoClock, metrics::recordQueueWait);
        RateLimiter rate = config.rateLimit().enabled()
                ? new RateLimiter(config.rateLimit(), config.limiterWait(), nanoClock, sleeper)
                : null;
        RetryPolicy retry = new RetryPolicy(config.retry(), nanoClock, sleeper, jitter);
        Pipeline pipeline = new Pipeline(config, limiter, rate, retry, metrics, nanoClock, fleet);
        if (fleet.isFleet()) {
            metrics.addNodeSource(fleet::snapshot);
        }
        ResponseCache responseCache =
                cacheGiven ? cache : config.cache().enabled() ? ResponseCache.open(config.cache()) : null;
        CacheHook hook = responseCache == null ? null : new CacheHook(responseCache, codecs, clock);
        if (responseCache != null) {
            metrics.addCacheSource(() -> {
                CacheStats stats = responseCache.stats();
                return Map.of(
                        CacheMetricsListener.MEMORY,
                        new MetricsSnapshot.TierCount(
                                stats.memory().hits(), stats.memory().misses()),
                        CacheMetricsListener.SQLITE,
                        new MetricsSnapshot.TierCount(
                                stats.sqlite().hits(), stats.sqlite().misses()));
            });
        }
        HealthCheck health = new HealthCheck(fleet.transports(), codecs, config.defaultModel(), healthTtl, nanoClock);
        AutoCloseable resources = responseCache == null ? () -> {} : responseCache;
        return new OllamaClient(config, codecs, fleet, pipeline, hook, metrics, health, nanoClock, resources, limiter);
    }
}
