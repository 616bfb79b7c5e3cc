package dev.ollamaperf.client.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.internal.cache.SqliteSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class SqliteCacheTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final RecordingWarnings warnings = new RecordingWarnings();

    private ResponseCache open(CacheConfig config) {
        return ResponseCache.open(config, clock, warnings);
    }

    private CacheConfig config() {
        return CacheConfig.at(dir.resolve("responses.db"));
    }

    @Test
    void lookup_afterStore_hitsMemoryAndKeepsTheAnswer() {
        try (ResponseCache cache = open(config())) {
            var request = Fixtures.deterministicGenerate("Why is the sky blue?");
            CachedResponse answer = Fixtures.generateAnswer(clock.instant());

            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isEmpty();
            assertThat(cache.store(EndpointKind.GENERATE, request, answer)).isTrue();

            assertThat(cache.lookup(EndpointKind.GENERATE, request)).contains(answer);
            CacheStats stats = cache.stats();
            assertThat(stats.persistent()).isTrue();
            assertThat(stats.memory()).isEqualTo(new TierStats(1, 1, 1, 0, 0, 0, 1, answer.weightBytes()));
            assertThat(stats.sqlite().misses()).isEqualTo(1);
            assertThat(stats.sqlite().puts()).isEqualTo(1);
            assertThat(stats.sqlite().entries()).isEqualTo(1);
            assertThat(warnings.messages()).isEmpty();
        }
    }

    @Test
    void lookup_afterCloseAndReopen_hitsSqliteAndFillsMemory() {
        var request = Fixtures.deterministicGenerate("Why is the sky blue?");
        CachedResponse answer = Fixtures.generateAnswer(clock.instant());
        try (ResponseCache cache = open(config())) {
            cache.store(EndpointKind.GENERATE, request, answer);
        }

        try (ResponseCache reopened = open(config())) {
            assertThat(reopened.lookup(EndpointKind.GENERATE, request)).contains(answer);
            assertThat(reopened.lookup(EndpointKind.GENERATE, request)).contains(answer);

            CacheStats stats = reopened.stats();
            assertThat(stats.sqlite().hits()).isEqualTo(1);
            assertThat(stats.memory().misses()).isEqualTo(1);
            assertThat(stats.memory().hits()).isEqualTo(1);
            assertThat(stats.memory().puts())
                    .as("the SQLite hit was promoted to memory")
                    .isEqualTo(1);
        }
        assertThat(warnings.messages()).isEmpty();
    }

    @Test
    void lookup_sampledRequest_bypassesBothTiers() {
        try (ResponseCache cache = open(config())) {
            var sampled = Fixtures.MAPPER.createObjectNode().put("model", "m").put("prompt", "p");
            assertThat(cache.store(EndpointKind.GENERATE, sampled, Fixtures.generateAnswer(clock.instant())))
                    .isFalse();
            assertThat(cache.lookup(EndpointKind.GENERATE, sampled)).isEmpty();
            CacheStats stats = cache.stats();
            assertThat(stats.bypassed()).isEqualTo(1);
            assertThat(stats.memory().misses() + stats.sqlite().misses()).isZero();
            assertThat(stats.sqlite().entries()).isZero();
        }
    }

    @Test
    void store_loadAnswerOrWrongEndpoint_isRefused() {
        try (ResponseCache cache = open(config())) {
            var request = Fixtures.deterministicGenerate("hi");
            CachedResponse load = CachedResponse.fromBody(
                    EndpointKind.GENERATE,
                    Fixtures.utf8(
                            "{\"model\":\"llama3.2\",\"created_at\":\"x\",\"response\":\"\",\"done\":true,\"done_reason\":\"load\"}"),
                    clock.instant());
            assertThat(cache.store(EndpointKind.GENERATE, request, load)).isFalse();
            assertThat(cache.store(EndpointKind.CHAT, request, Fixtures.generateAnswer(clock.instant())))
                    .isFalse();
        }
    }

    @Test
    void lookup_afterTtl_missesInBothTiersAndCountsExpirations() {
        CacheConfig config = config().withTtl(Duration.ofMinutes(10));
        var request = Fixtures.deterministicGenerate("q");
        try (ResponseCache cache = open(config)) {
            cache.store(EndpointKind.GENERATE, request, Fixtures.generateAnswer(clock.instant()));
            clock.advance(Duration.ofMinutes(9));
            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isPresent();
            clock.advance(Duration.ofMinutes(1));

            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isEmpty();

            CacheStats stats = cache.stats();
            assertThat(stats.memory().expirations()).isEqualTo(1);
            assertThat(stats.sqlite().expirations()).isEqualTo(1);
            assertThat(stats.sqlite().entries()).isZero();
        }
    }

    @Test
    void open_fileWithExpiredRows_purgesThem() {
        CacheConfig config = config().withTtl(Duration.ofMinutes(10));
        try (ResponseCache cache = open(config)) {
            for (int i = 0; i < 3; i++) {
                cache.store(
                        EndpointKind.GENERATE,
                        Fixtures.deterministicGenerate("q" + i),
                        Fixtures.generateAnswer(clock.instant()));
            }
        }
        clock.advance(Duration.ofMinutes(11));
        try (ResponseCache reopened = open(config)) {
            assertThat(reopened.stats().sqlite().expirations()).isEqualTo(3);
            assertThat(reopened.stats().sqlite().entries()).isZero();
        }
    }

    @Test
    void store_overMaxDbBytes_evictsLeastRecentlyAccessedRowsDownToNinetyPercent() {
        long max = CacheConfig.MIN_DB_BYTES;
        CacheConfig config = config().withMaxDbBytes(max).withMemoryBytes(0);
        try (ResponseCache cache = open(config)) {
            String text = "w".repeat(4_100); // ~8.3 KB a row (body + chunk JSON): 7 rows fit in 64 KiB, 8 do not
            for (int i = 0; i < 6; i++) {
                cache.store(
                        EndpointKind.GENERATE,
                        Fixtures.deterministicGenerate("q" + i),
                        Fixtures.generateAnswer(text + i, clock.instant()));
                clock.advance(Duration.ofSeconds(2));
            }
            // q0 is the oldest row, but reading it now makes q1 the least recently used
            assertThat(cache.lookup(EndpointKind.GENERATE, Fixtures.deterministicGenerate("q0")))
                    .isPresent();
            clock.advance(Duration.ofSeconds(2));

            cache.store(
                    EndpointKind.GENERATE,
                    Fixtures.deterministicGenerate("q6"),
                    Fixtures.generateAnswer(text + 6, clock.instant()));
            cache.store(
                    EndpointKind.GENERATE,
                    Fixtures.deterministicGenerate("q7"),
                    Fixtures.generateAnswer(text + 7, clock.instant()));

            TierStats sqlite = cache.stats().sqlite();
            assertThat(sqlite.bytes()).isLessThanOrEqualTo(max);
            assertThat(sqlite.evictions()).isEqualTo(1);
            assertThat(present(cache, "q0")).as("recently read").isTrue();
            assertThat(present(cache, "q1")).as("least recently used").isFalse();
            assertThat(present(cache, "q7")).as("just written").isTrue();
            assertThat(sqlite.entries() + sqlite.evictions()).isEqualTo(8);
        }
    }

    private static boolean present(ResponseCache cache, String prompt) {
        Optional<CachedResponse> found = cache.lookup(EndpointKind.GENERATE, Fixtures.deterministicGenerate(prompt));
        return found.isPresent();
    }

    @Test
    void open_newFile_isInWalModeWithTheCurrentSchemaVersion() throws Exception {
        try (ResponseCache cache = open(config())) {
            cache.store(
                    EndpointKind.GENERATE,
                    Fixtures.deterministicGenerate("q"),
                    Fixtures.generateAnswer(clock.instant()));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("responses.db"));
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(single(statement, "PRAGMA user_version")).isEqualTo(String.valueOf(SqliteSchema.VERSION));
            assertThat(single(statement, "SELECT count(*) FROM responses")).isEqualTo("1");
            assertThat(single(statement, "SELECT entries || '/' || bytes FROM totals"))
                    .isEqualTo("1/" + single(statement, "SELECT sum(bytes) FROM responses"));
        }
    }

    @Test
    void open_fileFromANewerRelease_runsMemoryOnlyWithOneWarningAndLeavesTheFileAlone() throws Exception {
        Path file = dir.resolve("responses.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE future (x)");
            statement.execute("PRAGMA user_version = 99");
        }
        try (ResponseCache cache = open(config())) {
            var request = Fixtures.deterministicGenerate("q");
            cache.store(EndpointKind.GENERATE, request, Fixtures.generateAnswer(clock.instant()));
            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isPresent();
            assertThat(cache.stats().persistent()).isFalse();
        }
        assertThat(warnings.messages())
                .singleElement()
                .asString()
                .contains("'" + file + "'")
                .contains("schema version must be at most " + SqliteSchema.VERSION + ", got: 99")
                .contains("memory-only");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "PRAGMA user_version")).isEqualTo("99");
        }
    }

    @Test
    void open_fileOfVersion1_dropsItsRowsWhoseKeysCanNoLongerBeFound() throws Exception {
        Path file = dir.resolve("responses.db");
        CacheKey oldKey = new CacheKey("e".repeat(64));
        try (ResponseCache cache = open(config().withMemoryBytes(0))) {
            cache.put(oldKey, Fixtures.generateAnswer(clock.instant()));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 1");
        }
        try (ResponseCache cache = open(config().withMemoryBytes(0))) {
            assertThat(cache.get(oldKey)).isEmpty();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "PRAGMA user_version")).isEqualTo("2");
            assertThat(single(
                            statement,
                            "SELECT count(*) || '/' || (SELECT entries || '/' || bytes FROM totals)"
                                    + " FROM responses"))
                    .isEqualTo("0/0/0");
        }
    }

    static String single(Statement statement, String sql) throws Exception {
        try (ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).as(sql).isTrue();
            return row.getString(1);
        }
    }

    @Test
    void get_rowWhoseChunksAreNotAnArrayOfStrings_isAMissDeletedWithOneWarning() throws Exception {
        CacheKey key = new CacheKey("d".repeat(64));
        try (ResponseCache cache = open(config().withMemoryBytes(0))) {
            cache.put(key, Fixtures.generateAnswer(clock.instant()));
            for (String chunks : new String[] {"[\"Blue\",7]", "{}", "[\"Blue\"] trailing", "null"}) {
                try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("responses.db"));
                        Statement sql = db.createStatement()) {
                    sql.executeUpdate("DELETE FROM responses");
                }
                cache.put(key, Fixtures.generateAnswer(clock.instant()));
                try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("responses.db"));
                        Statement sql = db.createStatement()) {
                    sql.executeUpdate("UPDATE responses SET chunks = '" + chunks + "'");
                }
                assertThat(cache.get(key)).as("chunks %s", chunks).isEmpty();
                assertThat(cache.get(key)).as("deleted, so a plain miss").isEmpty();
            }
            assertThat(cache.stats().sqlite().errors()).isEqualTo(4);
            assertThat(warnings.messages()).hasSize(1);
        }
    }
}
