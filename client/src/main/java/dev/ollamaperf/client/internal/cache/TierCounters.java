package dev.ollamaperf.client.internal.cache;

import dev.ollamaperf.client.cache.TierStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recording side of {@link TierStats}: one adder per counter, safe to bump from any thread;
 * {@link #snapshot} copies them with the tier's current size. Counters are read one by one, so a
 * snapshot taken while lookups run may be off by the lookups in flight; each counter is exact.
 */
final class TierCounters {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder errors = new LongAdder();

    void recordHit() {
        hits.increment();
    }

    void recordMiss() {
        misses.increment();
    }

    void recordPut() {
        puts.increment();
    }

    void recordEvictions(long count) {
        evictions.add(count);
    }

    void recordExpiration() {
        expirations.increment();
    }

    void recordExpirations(long count) {
        expirations.add(count);
    }

    void recordError() {
        errors.increment();
    }

    TierStats snapshot(long entries, long bytes) {
        return new TierStats(
                hits.sum(), misses.sum(), puts.sum(), evictions.sum(), expirations.sum(), errors.sum(), entries, bytes);
    }
}
