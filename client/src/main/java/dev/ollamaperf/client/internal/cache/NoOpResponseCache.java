package dev.ollamaperf.client.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.CacheStats;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import java.time.Duration;
import java.util.Optional;

/** The cache when {@code OLLAMA_CACHE_ENABLED=false}: finds nothing, keeps nothing, counts nothing. */
public final class NoOpResponseCache implements ResponseCache {

    private final RequestCanonicalizer canonicalizer = new RequestCanonicalizer(CacheJson.MAPPER);
    private final CachePolicy policy = new CachePolicy(CachePolicy.Mode.NEVER, Duration.ofSeconds(1));

    @Override
    public Optional<CachedResponse> lookup(EndpointKind endpoint, JsonNode request) {
        return Optional.empty();
    }

    @Override
    public boolean store(EndpointKind endpoint, JsonNode request, CachedResponse response) {
        return false;
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        return Optional.empty();
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
        // disabled: nothing is kept
    }

    @Override
    public void bypass() {
        // counts nothing: a disabled cache has no statistics
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
        return CacheStats.DISABLED;
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "ResponseCache[disabled]";
    }
}
