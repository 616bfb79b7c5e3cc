package dev.ollamaperf.client.cache;

import java.util.Objects;

/**
 * An immutable snapshot of the response cache's statistics (record-then-snapshot: the cache records
 * into counters, {@link ResponseCache#stats()} copies them here).
 *
 * @param memory     the in-memory LRU tier
 * @param sqlite     the SQLite tier ({@link TierStats#EMPTY} when there is none)
 * @param bypassed   lookups the policy declined (not cacheable); they reach no tier
 * @param persistent whether the SQLite tier is in use (false: disabled, or memory-only after an error)
 */
public record CacheStats(TierStats memory, TierStats sqlite, long bypassed, boolean persistent) {

    /** Statistics of a cache that is switched off. */
    public static final CacheStats DISABLED = new CacheStats(TierStats.EMPTY, TierStats.EMPTY, 0, false);

    /** Checks references and that {@code bypassed} is not negative. */
    public CacheStats {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(sqlite, "sqlite");
        if (bypassed < 0) {
            throw new IllegalArgumentException("cache stats 'bypassed' must be 0 or more, got: " + bypassed);
        }
    }

    /** Lookups answered by either tier. */
    public long hits() {
        return memory.hits() + sqlite.hits();
    }

    /** Same snapshot with a different {@code bypassed} count. */
    public CacheStats withBypassed(long count) {
        return new CacheStats(memory, sqlite, count, persistent);
    }
}
