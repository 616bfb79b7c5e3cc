package dev.ollamaperf.client.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.CacheStats;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.TierStats;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Memory in front of SQLite (or memory alone when the file could not be used).
 *
 * <p>Implementation notes: the tiers lock independently, so a thread reading SQLite does not block
 * memory hits on other threads. Two threads missing the same key at once both fetch upstream and
 * both store; the second write replaces the first with an equivalent answer (no single-flight: the
 * cache never makes a request wait for another one's upstream call).
 */
final class TieredResponseCache implements ResponseCache {

    private final MemoryTier memory;
    private final SqliteTier sqlite;
    private final CachePolicy policy;
    private final RequestCanonicalizer canonicalizer;
    private final Clock clock;
    private final LongAdder bypassed = new LongAdder();

    /** {@code sqlite} may be null: memory-only. */
    TieredResponseCache(
            MemoryTier memory, SqliteTier sqlite, CachePolicy policy, RequestCanonicalizer canonicalizer, Clock clock) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.sqlite = sqlite;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.canonicalizer = Objects.requireNonNull(canonicalizer, "canonicalizer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<CachedResponse> lookup(EndpointKind endpoint, JsonNode request) {
        if (!policy.isCacheable(endpoint, request)) {
            bypassed.increment();
            return Optional.empty();
        }
        return get(canonicalizer.key(endpoint, request));
    }

    @Override
    public boolean store(EndpointKind endpoint, JsonNode request, CachedResponse response) {
        Objects.requireNonNull(response, "response");
        if (response.endpoint() != endpoint || !response.isCompletion() || !policy.isCacheable(endpoint, request)) {
            return false;
        }
        put(canonicalizer.key(endpoint, request), response);
        return true;
    }

    @Override
    public void bypass() {
        bypassed.increment();
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        Objects.requireNonNull(key, "key");
        CachedResponse found = memory.get(key, clock.instant());
        if (found == null && sqlite != null && sqlite.available()) {
            found = sqlite.get(key);
            if (found != null) {
                memory.put(key, found);
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(response, "response");
        memory.put(key, response);
        if (sqlite != null) {
            sqlite.put(key, response);
        }
    }

    @Override
    public CacheKey keyOf(EndpointKind endpoint, JsonNode request) {
        return canonicalizer.key(endpoint, request);
    }

    @Override
    public CachePolicy policy() {
        return policy;
    }

    @Override
    public CacheStats stats() {
        boolean persistent = sqlite != null && sqlite.available();
        TierStats persisted = sqlite == null ? TierStats.EMPTY : sqlite.snapshot();
        return new CacheStats(memory.snapshot(), persisted, bypassed.sum(), persistent);
    }

    @Override
    public void close() {
        if (sqlite != null) {
            sqlite.close();
        }
    }

    @Override
    public String toString() {
        return "ResponseCache[memory=" + memory.capacityBytes() + " bytes, sqlite="
                + (sqlite == null ? "none (memory-only)" : sqlite.path() + " max " + sqlite.maxBytes() + " bytes")
                + ", policy=" + policy + "]";
    }
}
