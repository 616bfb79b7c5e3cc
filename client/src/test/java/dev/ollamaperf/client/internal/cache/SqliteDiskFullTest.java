package dev.ollamaperf.client.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.FakeClock;
import dev.ollamaperf.client.cache.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A full disk, as SQLite reports it ({@code SQLITE_FULL}, here from a page limit on the tier's own connection):
 * the failed write must roll back and release the file, so other processes sharing it are not held up (they
 * waited out their busy timeout on every request, cache hits included) and writes succeed again once space
 * returns.
 */
final class SqliteDiskFullTest {

    private static final int BUSY_TIMEOUT_MS = 2_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void put_diskFull_releasesTheFileAndWritesAgainWhenSpaceReturns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("responses.db");
        FakeClock clock = new FakeClock();
        List<String> warnings = new ArrayList<>();
        SQLiteConfig full = SqliteTier.connectionConfig(BUSY_TIMEOUT_MS);
        full.setPragma(SQLiteConfig.Pragma.MAX_PAGE_COUNT, "40");
        try (SqliteTier tier = SqliteTier.open(
                file,
                64L << 20,
                full,
                new CachePolicy(CachePolicy.Mode.ALWAYS, Duration.ofHours(1)),
                clock,
                warnings::add)) {
            int stored = fillUntilAWriteFails(tier, clock);
            assertThat(stored).as("some answers fit before the disk is full").isPositive();
            assertThat(warnings).as("the failure is said once").hasSize(1);
            assertThat(warnings.get(0)).contains("full");

            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                long started = System.nanoTime();
                try (Statement statement = other.createStatement()) {
                    statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                    statement.execute("BEGIN IMMEDIATE");
                    // Space returns: another process deletes what was stored.
                    statement.executeUpdate("DELETE FROM responses");
                    statement.execute("COMMIT");
                }
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(waitedMs)
                        .as("another connection got the write lock without waiting out its busy timeout")
                        .isLessThan(BUSY_TIMEOUT_MS / 2);
            }

            CacheKey key = key(10_000);
            tier.put(key, Fixtures.generateAnswer("after the disk had room again", clock.instant()));
            assertThat(tier.get(key))
                    .as("writes work again once there is space")
                    .isNotNull();
        }
    }

    private static int fillUntilAWriteFails(SqliteTier tier, FakeClock clock) {
        String text = "x".repeat(4_000);
        for (int i = 0; i < 1_000; i++) {
            long errorsBefore = tier.snapshot().errors();
            tier.put(key(i), Fixtures.generateAnswer(text + i, clock.instant()));
            if (tier.snapshot().errors() > errorsBefore) {
                return i;
            }
        }
        throw new AssertionError("the page limit never filled the file");
    }

    private static CacheKey key(int n) {
        String hex = Integer.toHexString(n);
        return new CacheKey("0".repeat(64 - hex.length()) + hex);
    }
}
