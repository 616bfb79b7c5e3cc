package dev.ollamaperf.client.internal.cache;

import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.TierStats;
import dev.ollamaperf.client.cache.WarningSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The persistent tier: one SQLite file, shared safely by threads and by processes.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>One JDBC connection per process, used under a lock: SQLite allows one writer at a time anyway,
 *       and reads are short primary-key look-ups. The memory tier in front absorbs repeated reads.</li>
 *   <li>{@code journal_mode=WAL} lets readers in other processes go on while one writes;
 *       {@code busy_timeout} makes a writer wait for another process's lock instead of failing;
 *       writes use {@code BEGIN IMMEDIATE} so a transaction never has to upgrade a read lock (the
 *       upgrade fails at once in WAL mode instead of waiting); {@code synchronous=NORMAL} is safe with
 *       WAL (a power cut may lose the last answers, never corrupt the file).</li>
 *   <li>Size bound: after a write that takes the payload over {@code maxBytes}, expired rows are
 *       purged, then least recently accessed rows are deleted until the payload is at most 90% of
 *       {@code maxBytes} (the slack stops every write from evicting). {@code accessed_at} is updated on a
 *       hit only when it is more than {@value #ACCESS_GRANULARITY_MS} ms old, so hot keys do not turn
 *       every read into a write.</li>
 *   <li>Failures: a failing operation is counted, warned about once, and treated as a miss or a
 *       skipped write; a request never fails because of the cache. After any other database error
 *       (a full disk, a lock held too long) the connection is replaced, so a failed write cannot keep a
 *       lock or poisoned statements; corruption found while running turns the tier off
 *       ({@link #available()} becomes false).</li>
 * </ul>
 */
final class SqliteTier implements AutoCloseable {

    static final long ACCESS_GRANULARITY_MS = 1_000;

    private final Path path;
    private final SQLiteConfig config;
    /** Replaced after a failure (see {@link #reconnect()}); guarded by {@code lock}, like {@code sql}. */
    private Connection connection;

    private final long maxBytes;
    private final CachePolicy policy;
    private final Clock clock;
    private final WarningSink warnings;
    private final TierCounters counters = new TierCounters();
    private final ReentrantLock lock = new ReentrantLock();
    private Statements sql;
    // volatile: read without the lock, so a lookup does not queue behind a write just to learn this
    private volatile boolean available = true;
    private boolean warned;

    private SqliteTier(
            Path path,
            SQLiteConfig config,
            Connection connection,
            long maxBytes,
            CachePolicy policy,
            Clock clock,
            WarningSink warnings)
            throws SQLException {
        this.sql = new Statements(connection);
        this.config = config;
        this.path = path;
        this.connection = connection;
        this.maxBytes = maxBytes;
        this.policy = policy;
        this.clock = clock;
        this.warnings = warnings;
    }

    /**
     * Opens (creating if needed) the file at {@code path}, migrates its schema and purges expired rows.
     *
     * @throws SQLException                        if the file cannot be opened or is not a database
     * @throws SqliteSchema.SchemaTooNewException if a newer release wrote the file
     */
    static SqliteTier open(
            Path path, long maxBytes, int busyTimeoutMs, CachePolicy policy, Clock clock, WarningSink warnings)
            throws SQLException, SqliteSchema.SchemaTooNewException {
        return open(path, maxBytes, connectionConfig(busyTimeoutMs), policy, clock, warnings);
    }

    /** The connection settings of the implementation notes; tests add limits (a full disk) to them. */
    static SQLiteConfig connectionConfig(int busyTimeoutMs) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(busyTimeoutMs);
        return config;
    }

    static SqliteTier open(
            Path path, long maxBytes, SQLiteConfig config, CachePolicy policy, Clock clock, WarningSink warnings)
            throws SQLException, SqliteSchema.SchemaTooNewException {
        Connection connection = config.createConnection(url(path));
        try {
            SqliteSchema.migrate(connection);
            SqliteTier tier = new SqliteTier(path, config, connection, maxBytes, policy, clock, warnings);
            tier.purgeExpired();
            return tier;
        } catch (SQLException | SqliteSchema.SchemaTooNewException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Whether the tier still serves; false after corruption was found while running, or after close. */
    boolean available() {
        return available;
    }

    /** The fresh entry for {@code key}, or null; records a hit or a miss (and expirations, errors). */
    CachedResponse get(CacheKey key) {
        lock.lock();
        try {
            if (!available) {
                return null;
            }
            CachedResponse found = select(key, clock.instant());
            if (found == null) {
                counters.recordMiss();
            } else {
                counters.recordHit();
            }
            return found;
        } catch (SQLException | RuntimeException e) {
            failed("reading", e);
            counters.recordMiss();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private CachedResponse select(CacheKey key, Instant now) throws SQLException {
        long createdAt;
        long accessedAt;
        String endpoint;
        byte[] body;
        String chunks;
        statements().select.setString(1, key.hex());
        try (ResultSet row = statements().select.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            endpoint = row.getString(1);
            body = row.getBytes(2);
            chunks = row.getString(3);
            createdAt = row.getLong(4);
            accessedAt = row.getLong(5);
        }
        if (!policy.isFresh(Instant.ofEpochMilli(createdAt), now)) {
            delete(key, createdAt);
            counters.recordExpiration();
            return null;
        }
        CachedResponse response;
        try {
            response = CachedResponse.of(
                    EndpointKind.valueOf(endpoint), body, CacheJson.strings(chunks), Instant.ofEpochMilli(createdAt));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            delete(key, createdAt);
            counters.recordError();
            warnOnce("response cache file '" + path + "' holds an unreadable entry " + key + " (" + e.getMessage()
                    + "); it was deleted and will be fetched again");
            return null;
        }
        if (now.toEpochMilli() - accessedAt >= ACCESS_GRANULARITY_MS) {
            try {
                touch(key, now);
            } catch (SQLException busy) {
                // best effort: the row was read, so the answer is served; only its LRU position is stale
                counters.recordError();
            }
        }
        return response;
    }

    /** Stores {@code response} (replacing an older answer for the key) and enforces the size bound. */
    void put(CacheKey key, CachedResponse response) {
        lock.lock();
        try {
            if (!available) {
                return;
            }
            String chunks = CacheJson.MAPPER.writeValueAsString(response.chunks());
            long bytes = (long) response.bodyLength() + chunks.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                counters.recordEvictions(1);
                return;
            }
            write(key, response, chunks, bytes, clock.instant());
            counters.recordPut();
        } catch (SQLException | IOException | RuntimeException e) {
            failed("writing", e);
        } finally {
            lock.unlock();
        }
    }

    private void write(CacheKey key, CachedResponse response, String chunks, long bytes, Instant now)
            throws SQLException {
        statements().begin.execute();
        try {
            PreparedStatement upsert = statements().upsert;
            upsert.setString(1, key.hex());
            upsert.setString(2, response.endpoint().name());
            upsert.setBytes(3, response.body());
            upsert.setString(4, chunks);
            upsert.setLong(5, response.createdAt().toEpochMilli());
            upsert.setLong(6, now.toEpochMilli());
            upsert.setLong(7, bytes);
            upsert.executeUpdate();
            enforceBound(key, now);
            statements().commit.execute();
        } catch (SQLException | RuntimeException e) {
            try {
                statements().rollback.execute();
            } catch (SQLException alreadyRolledBack) {
                // SQLite may have rolled back itself; the original failure is the one to report
            }
            throw e;
        }
    }

    private void enforceBound(CacheKey keep, Instant now) throws SQLException {
        if (payloadBytes() <= maxBytes) {
            return;
        }
        counters.recordExpirations(deleteExpired(now));
        long excess = payloadBytes() - maxBytes * 9 / 10;
        if (excess <= 0) {
            return;
        }
        statements().evict.setString(1, keep.hex());
        statements().evict.setLong(2, excess);
        counters.recordEvictions(statements().evict.executeUpdate());
    }

    private void purgeExpired() throws SQLException {
        lock.lock();
        try {
            counters.recordExpirations(deleteExpired(clock.instant()));
        } finally {
            lock.unlock();
        }
    }

    private int deleteExpired(Instant now) throws SQLException {
        statements().purge.setLong(1, now.minus(policy.ttl()).toEpochMilli());
        return statements().purge.executeUpdate();
    }

    private void delete(CacheKey key, long createdAt) throws SQLException {
        statements().delete.setString(1, key.hex());
        statements().delete.setLong(2, createdAt);
        statements().delete.executeUpdate();
    }

    private void touch(CacheKey key, Instant now) throws SQLException {
        statements().touch.setLong(1, now.toEpochMilli());
        statements().touch.setString(2, key.hex());
        statements().touch.executeUpdate();
    }

    private long payloadBytes() throws SQLException {
        try (ResultSet row = statements().totals.executeQuery()) {
            return row.next() ? row.getLong(2) : 0;
        }
    }

    TierStats snapshot() {
        lock.lock();
        try {
            if (available) {
                try (ResultSet row = statements().totals.executeQuery()) {
                    if (row.next()) {
                        return counters.snapshot(Math.max(0, row.getLong(1)), Math.max(0, row.getLong(2)));
                    }
                } catch (SQLException e) {
                    failed("reading the size of", e);
                }
            }
            return counters.snapshot(0, 0);
        } finally {
            lock.unlock();
        }
    }

    private static String url(Path path) {
        return "jdbc:sqlite:" + path.toAbsolutePath();
    }

    private void failed(String operation, Exception e) {
        counters.recordError();
        if (e instanceof SQLException && !isCorruption(e)) {
            disconnect();
        }
        if (isCorruption(e)) {
            available = false;
            warnings.warn("response cache file '" + path + "' is corrupt (" + e.getMessage()
                    + "); the SQLite tier is off until restart and the cache runs memory-only");
            warned = true;
        } else {
            warnOnce("response cache " + operation + " file '" + path + "' failed (" + e.getMessage()
                    + "); the request went on without the SQLite tier; further failures are only counted");
        }
    }

    /**
     * Drops the connection after a failed operation; the next operation opens a fresh one
     * ({@link #statements()}). A failure such as a full disk ({@code SQLITE_FULL}) leaves the driver's prepared
     * statements unusable ("statement is not executing" on every later write) and may leave a lock held that
     * makes every other process sharing the file wait out its busy timeout; closing the connection releases both.
     */
    private void disconnect() {
        closeQuietly(connection);
        connection = null;
        sql = null;
    }

    /** The statements of the current connection, opening one if the last was dropped. */
    private Statements statements() throws SQLException {
        if (sql == null) {
            Connection fresh = config.createConnection(url(path));
            try {
                sql = new Statements(fresh);
                connection = fresh;
            } catch (SQLException | RuntimeException e) {
                closeQuietly(fresh);
                throw e;
            }
        }
        return sql;
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            warnings.warn(message);
        }
    }

    /** Whether {@code e} says the file is not (or no longer) a valid database. */
    static boolean isCorruption(Throwable e) {
        if (e instanceof SQLiteException) {
            SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
            return code == SQLiteErrorCode.SQLITE_CORRUPT
                    || code == SQLiteErrorCode.SQLITE_NOTADB
                    || code.name().startsWith("SQLITE_CORRUPT_");
        }
        return false;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            available = false;
            closeQuietly(connection);
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing is best effort: the data is already committed
        }
    }

    Path path() {
        return path;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The tier's statements, prepared once per connection (closed with it). */
    private static final class Statements {
        final PreparedStatement select;
        final PreparedStatement upsert;
        final PreparedStatement evict;
        final PreparedStatement purge;
        final PreparedStatement delete;
        final PreparedStatement touch;
        final PreparedStatement totals;
        final PreparedStatement begin;
        final PreparedStatement commit;
        final PreparedStatement rollback;

        Statements(Connection connection) throws SQLException {
            select = connection.prepareStatement(
                    "SELECT endpoint, body, chunks, created_at, accessed_at FROM responses WHERE key = ?");
            upsert = connection.prepareStatement(
                    "INSERT INTO responses (key, endpoint, body, chunks, created_at, accessed_at, bytes)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET"
                            + " endpoint = excluded.endpoint, body = excluded.body, chunks = excluded.chunks,"
                            + " created_at = excluded.created_at, accessed_at = excluded.accessed_at,"
                            + " bytes = excluded.bytes");
            // Deletes least recently accessed rows (never the one just written) until 'excess' bytes are freed.
            evict = connection.prepareStatement(
                    "DELETE FROM responses WHERE key IN (SELECT key FROM (SELECT key, bytes,"
                            + " SUM(bytes) OVER (ORDER BY accessed_at, key ROWS UNBOUNDED PRECEDING) AS freed"
                            + " FROM responses WHERE key <> ?) WHERE freed - bytes < ?)");
            purge = connection.prepareStatement("DELETE FROM responses WHERE created_at <= ?");
            delete = connection.prepareStatement("DELETE FROM responses WHERE key = ? AND created_at = ?");
            touch = connection.prepareStatement("UPDATE responses SET accessed_at = ? WHERE key = ?");
            totals = connection.prepareStatement("SELECT entries, bytes FROM totals WHERE id = 1");
            // Explicit statements in auto-commit mode: the driver's setAutoCommit(false) would open the next
            // write transaction (and take the file's write lock) right after every commit.
            begin = connection.prepareStatement("BEGIN IMMEDIATE");
            commit = connection.prepareStatement("COMMIT");
            rollback = connection.prepareStatement("ROLLBACK");
        }
    }
}
