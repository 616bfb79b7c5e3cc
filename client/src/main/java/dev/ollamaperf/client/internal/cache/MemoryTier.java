package dev.ollamaperf.client.internal.cache;

import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.TierStats;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory tier: an LRU map bounded by the entries' {@linkplain CachedResponse#weightBytes()
 * estimated weight} in bytes, not by their number, since answers range from a few bytes to megabytes
 * of embeddings.
 *
 * <p>Implementation notes: one {@link LinkedHashMap} in access order behind this object's monitor.
 * Every operation is O(1) apart from evictions (amortised O(1)); the critical sections only move
 * references, so the single lock is short. Eviction removes the least recently used entries until the
 * new one fits; an entry heavier than the whole capacity is not stored (and counted as an eviction).
 * TTL is checked on lookup: a stale entry is removed and counted as an expiration and a miss.
 */
final class MemoryTier {

    private final long capacityBytes;
    private final CachePolicy policy;
    private final TierCounters counters = new TierCounters();
    private final LinkedHashMap<CacheKey, CachedResponse> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    MemoryTier(long capacityBytes, CachePolicy policy) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("memory tier capacity must be 0 or more bytes, got: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The fresh entry for {@code key}, or null; records a hit, or a miss (and an expiration if stale). */
    synchronized CachedResponse get(CacheKey key, Instant now) {
        CachedResponse response = entries.get(key);
        if (response != null && !policy.isFresh(response.createdAt(), now)) {
            entries.remove(key);
            bytes -= response.weightBytes();
            counters.recordExpiration();
            response = null;
        }
        if (response == null) {
            counters.recordMiss();
        } else {
            counters.recordHit();
        }
        return response;
    }

    /** Stores {@code response}, evicting least recently used entries until it fits. */
    synchronized void put(CacheKey key, CachedResponse response) {
        long weight = response.weightBytes();
        CachedResponse previous = entries.remove(key);
        if (previous != null) {
            bytes -= previous.weightBytes();
        }
        if (weight > capacityBytes) {
            counters.recordEvictions(1);
            return;
        }
        long evicted = 0;
        Iterator<Map.Entry<CacheKey, CachedResponse>> eldest =
                entries.entrySet().iterator();
        while (bytes + weight > capacityBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().weightBytes();
            eldest.remove();
            evicted++;
        }
        entries.put(key, response);
        bytes += weight;
        counters.recordPut();
        counters.recordEvictions(evicted);
    }

    synchronized TierStats snapshot() {
        return counters.snapshot(entries.size(), bytes);
    }

    long capacityBytes() {
        return capacityBytes;
    }
}
