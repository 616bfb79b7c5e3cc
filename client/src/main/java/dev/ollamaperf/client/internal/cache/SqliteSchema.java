package dev.ollamaperf.client.internal.cache;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite tier's schema and its migrations, versioned with {@code PRAGMA user_version}.
 *
 * <p>{@code MIGRATIONS.get(v)} takes a file from version {@code v} to {@code v + 1}; a new file
 * (version 0) runs them all. A file with a version above {@link #VERSION} was written by a newer
 * release: it is left untouched and the cache runs memory-only ({@link SchemaTooNewException}).
 * The check and the migrations run in one {@code BEGIN IMMEDIATE} transaction, so two processes
 * opening a new file at once do not both create it.
 *
 * <p>{@code totals} holds the row count and payload bytes, kept by triggers in the same transaction
 * as each change, so the size bound is checked in O(1) and is right across processes.
 */
public final class SqliteSchema {

    /** The schema version this release writes. */
    public static final int VERSION = 2;

    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    "CREATE TABLE responses ("
                            + " key TEXT PRIMARY KEY,"
                            + " endpoint TEXT NOT NULL,"
                            + " body BLOB NOT NULL,"
                            + " chunks TEXT NOT NULL,"
                            + " created_at INTEGER NOT NULL,"
                            + " accessed_at INTEGER NOT NULL,"
                            + " bytes INTEGER NOT NULL)",
                    "CREATE INDEX responses_by_access ON responses(accessed_at)",
                    "CREATE INDEX responses_by_creation ON responses(created_at)",
                    "CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 1),"
                            + " entries INTEGER NOT NULL, bytes INTEGER NOT NULL)",
                    "INSERT INTO totals VALUES (1, 0, 0)",
                    "CREATE TRIGGER responses_inserted AFTER INSERT ON responses BEGIN"
                            + " UPDATE totals SET entries = entries + 1, bytes = bytes + NEW.bytes WHERE id = 1; END",
                    "CREATE TRIGGER responses_deleted AFTER DELETE ON responses BEGIN"
                            + " UPDATE totals SET entries = entries - 1, bytes = bytes - OLD.bytes WHERE id = 1; END",
                    "CREATE TRIGGER responses_updated AFTER UPDATE OF bytes ON responses BEGIN"
                            + " UPDATE totals SET bytes = bytes - OLD.bytes + NEW.bytes WHERE id = 1; END"),
            // Version 2 changed the key format (each chat message hashed on its own, RequestCanonicalizer):
            // rows stored under version 1's keys can never be found again, so they go at once instead of
            // taking room until their TTL.
            List.of("DELETE FROM responses"));

    private SqliteSchema() {}

    /** Thrown when the file's schema is newer than this release understands. */
    static final class SchemaTooNewException extends Exception {
        SchemaTooNewException(int found) {
            super("schema version must be at most " + VERSION + ", got: " + found + " (written by a newer release)");
        }
    }

    /** Brings the file to {@link #VERSION}; the connection must be in auto-commit mode. */
    static void migrate(Connection connection) throws SQLException, SchemaTooNewException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                int version = userVersion(statement);
                if (version > VERSION) {
                    throw new SchemaTooNewException(version);
                }
                for (int from = version; from < VERSION; from++) {
                    for (String sql : MIGRATIONS.get(from)) {
                        statement.execute(sql);
                    }
                }
                if (version != VERSION) {
                    statement.execute("PRAGMA user_version = " + VERSION);
                }
                statement.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    rollbackQuietly(statement);
                }
            }
        }
    }

    /** Rolls back if a transaction is still open; SQLite may already have rolled it back itself. */
    static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
            // nothing to undo: the failure that brought us here is the one worth reporting
        }
    }

    static int userVersion(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
