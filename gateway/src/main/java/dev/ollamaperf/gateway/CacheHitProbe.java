package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.CacheStats;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import java.util.Objects;
import java.util.Optional;

/**
 * A response cache that forwards everything to another and notes, per thread, whether the last
 * {@link #lookup} or {@link #get} hit: the client looks its cache up on the calling thread (the gateway's worker), so the gateway
 * learns whether the client served a native chat or generate from the cache without asking the cache twice (which
 * would count twice in its statistics). Build the client with the probe as its cache and give the gateway the
 * same probe; {@link GatewayMain} does.
 */
public final class CacheHitProbe implements ResponseCache {

    private final ResponseCache cache;
    private final ThreadLocal<Boolean> hit = ThreadLocal.withInitial(() -> false);

    /** A probe in front of {@code cache}. */
    public CacheHitProbe(ResponseCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** Forgets this thread's last lookup; call before the call whose hit you want to know. */
    void reset() {
        hit.set(false);
    }

    /** Whether a lookup on this thread hit since the last {@link #reset}. */
    boolean hit() {
        return hit.get();
    }

    @Override
    public Optional<CachedResponse> lookup(EndpointKind endpoint, JsonNode request) {
        Optional<CachedResponse> found = cache.lookup(endpoint, request);
        if (found.isPresent()) {
            hit.set(true);
        }
        return found;
    }

    @Override
    public boolean store(EndpointKind endpoint, JsonNode request, CachedResponse response) {
        return cache.store(endpoint, request, response);
    }

    @Override
    public void bypass() {
        cache.bypass();
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        // the typed client computes the key once and looks it up here
        Optional<CachedResponse> found = cache.get(key);
        if (found.isPresent()) {
            hit.set(true);
        }
        return found;
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
        cache.put(key, response);
    }

    @Override
    public CacheKey keyOf(EndpointKind endpoint, JsonNode request) {
        return cache.keyOf(endpoint, request);
    }

    @Override
    public CachePolicy policy() {
        return cache.policy();
    }

    @Override
    public CacheStats stats() {
        return cache.stats();
    }

    @Override
    public void close() {
        cache.close();
    }

    @Override
    public String toString() {
        return cache.toString();
    }
}
