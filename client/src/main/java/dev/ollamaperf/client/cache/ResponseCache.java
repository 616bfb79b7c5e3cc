package dev.ollamaperf.client.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.internal.cache.CacheOpener;
import dev.ollamaperf.client.internal.cache.NoOpResponseCache;
import dev.ollamaperf.client.internal.cache.RequestCanonicalizer;
import java.time.Clock;
import java.util.Optional;

/**
 * The client's response cache: a bounded in-memory LRU in front of a SQLite file (see
 * {@code client/README.md}, "Response cache"). It works on request JSON, so the typed client and the
 * gateway's raw bodies share it.
 *
 * <p>Typical use: {@code lookup} before sending; on a miss, send, then {@code store} the final answer;
 * serve a hit with {@link ResponseReplay} (as a body, or replayed as a stream). No method throws
 * because of the cache's own storage: problems are reported once through the {@link WarningSink}
 * and counted in {@link #stats()}.
 */
public interface ResponseCache extends AutoCloseable {

    /**
     * The cached answer to {@code request} sent to {@code endpoint}, if the policy allows caching it
     * and a fresh answer is stored. A request the policy declines counts as bypassed.
     */
    Optional<CachedResponse> lookup(EndpointKind endpoint, JsonNode request);

    /**
     * Stores the final answer to {@code request}, if the policy allows caching it and the answer is
     * a completion (not a load, unload or error).
     *
     * @return whether it was stored
     */
    boolean store(EndpointKind endpoint, JsonNode request, CachedResponse response);

    /**
     * Counts one request as bypassed, as {@link #lookup} counts a request the policy declines: for a
     * caller that asked {@link #policy()} itself (the typed client decides without building JSON).
     */
    void bypass();

    /** The fresh answer stored under {@code key}, looking in memory, then in SQLite (a SQLite hit fills memory). */
    Optional<CachedResponse> get(CacheKey key);

    /** Stores {@code response} under {@code key} in both tiers, whatever the policy says. */
    void put(CacheKey key, CachedResponse response);

    /** The key {@code request} is stored under (see {@link RequestCanonicalizer}). */
    CacheKey keyOf(EndpointKind endpoint, JsonNode request);

    /** The policy that decides what is cacheable and for how long. */
    CachePolicy policy();

    /** An immutable snapshot of the statistics. */
    CacheStats stats();

    /** Releases the SQLite file; later calls behave as misses. */
    @Override
    void close();

    /** A cache that stores nothing (what {@code OLLAMA_CACHE_ENABLED=false} gives). */
    static ResponseCache disabled() {
        return new NoOpResponseCache();
    }

    /**
     * Opens the cache {@code config} describes, warning on standard error; see
     * {@link #open(CacheConfig, Clock, WarningSink)}.
     */
    static ResponseCache open(CacheConfig config) {
        return open(config, Clock.systemUTC(), WarningSink.to(System.err));
    }

    /**
     * Opens the cache {@code config} describes: {@link #disabled()} when it is switched off; otherwise
     * both tiers, or memory-only (after one warning to {@code warnings}) when the file cannot be used.
     * A corrupt file is moved aside as {@code <file>.corrupt-<timestamp>} and replaced by an empty one.
     *
     * @param clock decides TTL expiry and the timestamps of stored answers
     */
    static ResponseCache open(CacheConfig config, Clock clock, WarningSink warnings) {
        return CacheOpener.open(config, clock, warnings);
    }
}
