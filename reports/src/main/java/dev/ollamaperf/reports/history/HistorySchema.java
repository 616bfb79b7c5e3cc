package dev.ollamaperf.reports.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The history's schema, version {@value HistoryStore#SCHEMA_VERSION} in {@code PRAGMA user_version}.
 *
 * <pre>
 * runs(id, run_id UNIQUE, started_ms, started_at, recorded_at, status, reasons, verdict, git_commit,
 *      target_kind, fingerprint)
 * environment(run -> runs.id, key, value)                      PRIMARY KEY (run, key)
 * metrics(run -> runs.id, name, unit, direction, value, low, high, confidence, samples, statistic, source)
 *                                                               PRIMARY KEY (run, name)
 * distributions(run, name -> metrics, unit, hdr)                HdrHistogram, compressed, base64
 * </pre>
 * Child rows go with their run ({@code ON DELETE CASCADE}), so retention is one delete.
 */
final class HistorySchema {

    private static final String[] CREATE = {
        "CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL UNIQUE, started_ms INTEGER NOT NULL, "
                + "started_at TEXT NOT NULL, recorded_at TEXT NOT NULL, status TEXT NOT NULL, reasons TEXT NOT NULL, "
                + "verdict TEXT, git_commit TEXT, target_kind TEXT, fingerprint TEXT NOT NULL)",
        "CREATE INDEX runs_started ON runs(started_ms)",
        "CREATE TABLE environment(run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, key TEXT NOT NULL, "
                + "value TEXT NOT NULL, PRIMARY KEY(run, key))",
        "CREATE TABLE metrics(run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL, "
                + "unit TEXT NOT NULL, direction TEXT NOT NULL, value REAL NOT NULL, low REAL, high REAL, confidence REAL, "
                + "samples INTEGER NOT NULL, statistic TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY(run, name))",
        "CREATE INDEX metrics_name ON metrics(name)",
        "CREATE TABLE distributions(run INTEGER NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL, hdr TEXT NOT NULL, "
                + "PRIMARY KEY(run, name), FOREIGN KEY(run, name) REFERENCES metrics(run, name) ON DELETE CASCADE)",
    };

    private HistorySchema() {}

    /** Switches on WAL and foreign keys, creates the schema in an empty file, refuses a foreign or newer one. */
    static void prepare(Connection db, Path file) throws SQLException {
        try (Statement s = db.createStatement()) {
            int version = intPragma(s, "PRAGMA user_version");
            int tables = intPragma(s, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
            if (version > HistoryStore.SCHEMA_VERSION) {
                throw new HistoryException(
                        file,
                        "history schema version " + version + " is newer than this tool's "
                                + HistoryStore.SCHEMA_VERSION + "; use a newer ollama-perf",
                        null);
            }
            if (version == 0 && tables > 0) {
                throw new HistoryException(
                        file,
                        "is a SQLite database but not an ollama-perf history (user_version 0 with " + tables
                                + " tables)",
                        null);
            }
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=5000");
            if (version == 0) {
                db.setAutoCommit(false);
                try {
                    for (String sql : CREATE) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version=" + HistoryStore.SCHEMA_VERSION);
                    db.commit();
                } catch (SQLException e) {
                    db.rollback();
                    throw e;
                } finally {
                    db.setAutoCommit(true);
                }
            }
        }
    }

    private static int intPragma(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
