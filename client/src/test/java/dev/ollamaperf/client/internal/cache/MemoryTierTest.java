package dev.ollamaperf.client.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.Fixtures;
import dev.ollamaperf.client.cache.TierStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class MemoryTierTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final CachePolicy policy = new CachePolicy(CachePolicy.Mode.DETERMINISTIC_ONLY, Duration.ofMinutes(10));

    @Test
    void put_overTheByteBound_evictsTheLeastRecentlyUsedFirst() {
        CachedResponse a = Fixtures.generateAnswer("a".repeat(1000), NOW);
        long weight = a.weightBytes();
        MemoryTier tier = new MemoryTier(3 * weight + weight / 2, policy);
        tier.put(key(1), a);
        tier.put(key(2), Fixtures.generateAnswer("b".repeat(1000), NOW));
        tier.put(key(3), Fixtures.generateAnswer("c".repeat(1000), NOW));
        assertThat(tier.get(key(1), NOW)).isNotNull(); // 1 is now the most recently used

        tier.put(key(4), Fixtures.generateAnswer("d".repeat(1000), NOW));

        assertThat(tier.get(key(2), NOW)).isNull();
        assertThat(tier.get(key(1), NOW)).isNotNull();
        assertThat(tier.get(key(3), NOW)).isNotNull();
        assertThat(tier.get(key(4), NOW)).isNotNull();
        TierStats stats = tier.snapshot();
        assertThat(stats.entries()).isEqualTo(3);
        assertThat(stats.bytes()).isEqualTo(3 * weight).isLessThanOrEqualTo(tier.capacityBytes());
        assertThat(stats.evictions()).isEqualTo(1);
        assertThat(stats.puts()).isEqualTo(4);
        assertThat(stats.hits()).isEqualTo(4);
        assertThat(stats.misses()).isEqualTo(1);
    }

    @Test
    void put_oneLargeEntry_evictsAsManySmallOnesAsItNeeds() {
        CachedResponse small = Fixtures.generateAnswer("s", NOW);
        CachedResponse large = Fixtures.generateAnswer("L".repeat(2000), NOW);
        MemoryTier tier = new MemoryTier(large.weightBytes() + small.weightBytes(), policy);
        for (int i = 0; i < 5; i++) {
            tier.put(key(i), small);
        }
        tier.put(key(99), large);
        assertThat(tier.snapshot().bytes()).isLessThanOrEqualTo(tier.capacityBytes());
        assertThat(tier.get(key(99), NOW)).isEqualTo(large);
        assertThat(tier.get(key(4), NOW)).isEqualTo(small);
        assertThat(tier.snapshot().entries()).isEqualTo(2);
    }

    @Test
    void put_entryLargerThanTheWholeTier_isNotStoredAndCountsAsEviction() {
        MemoryTier tier = new MemoryTier(500, policy);
        tier.put(key(1), Fixtures.generateAnswer("x".repeat(1000), NOW));
        assertThat(tier.get(key(1), NOW)).isNull();
        assertThat(tier.snapshot()).isEqualTo(new TierStats(0, 1, 0, 1, 0, 0, 0, 0));
    }

    @Test
    void put_sameKeyTwice_replacesWithoutCountingTheOldWeight() {
        MemoryTier tier = new MemoryTier(1 << 20, policy);
        CachedResponse second = Fixtures.generateAnswer("second answer", NOW);
        tier.put(key(1), Fixtures.generateAnswer("first", NOW));
        tier.put(key(1), second);
        assertThat(tier.get(key(1), NOW)).isEqualTo(second);
        assertThat(tier.snapshot().bytes()).isEqualTo(second.weightBytes());
        assertThat(tier.snapshot().entries()).isEqualTo(1);
    }

    @Test
    void get_olderThanTtl_isAMissAndAnExpiration() {
        MemoryTier tier = new MemoryTier(1 << 20, policy);
        tier.put(key(1), Fixtures.generateAnswer(NOW));

        assertThat(tier.get(key(1), NOW.plus(Duration.ofMinutes(10)).minusMillis(1)))
                .isNotNull();
        assertThat(tier.get(key(1), NOW.plus(Duration.ofMinutes(10)))).isNull();

        TierStats stats = tier.snapshot();
        assertThat(stats.expirations()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.entries()).isZero();
        assertThat(stats.bytes()).isZero();
    }

    static CacheKey key(int n) {
        return new CacheKey(String.format("%064x", n));
    }
}
