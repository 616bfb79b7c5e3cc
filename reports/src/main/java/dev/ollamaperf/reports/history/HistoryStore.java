package dev.ollamaperf.reports.history;

import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The run history: a SQLite file ({@code history.db}) of runs, their environment, metrics and
 * distributions, read back for trends and for a baseline ({@link HistoryBaseline}).
 *
 * <p>Implementation notes. One {@link #append} is one transaction: the run row, its environment, its
 * metrics and their histograms, and the retention delete commit together or not at all, so a crash or an
 * error mid-write leaves the earlier history as it was. The journal is WAL (readers never block the
 * writer; a crash leaves a WAL that SQLite replays or discards on the next open). The schema version is
 * {@code PRAGMA user_version} ({@value #SCHEMA_VERSION}); a file of a newer version is refused rather than
 * misread. Appending a run id that is already stored replaces it. Retention keeps the last {@code keepRuns}
 * runs by start time. Not thread-safe: one store per thread.
 */
public final class HistoryStore implements AutoCloseable {

    /** The schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    /** Runs kept when the caller does not say. */
    public static final int DEFAULT_KEEP = 200;

    /** Called after each metric row is written inside the append transaction; a test hook to fail mid-write. */
    interface WriteListener {
        void metricWritten(String name) throws SQLException;
    }

    private final Path file;
    private final int keepRuns;
    private final Clock clock;
    private final WriteListener listener;
    private final Connection db;

    /**
     * Opens (creating if needed) the history in {@code file}.
     *
     * @param keepRuns how many runs retention keeps, {@code >= 1}
     * @throws HistoryException naming the file when it is not a history database or cannot be opened
     */
    public HistoryStore(Path file, int keepRuns) {
        this(file, keepRuns, Clock.systemUTC(), name -> {});
    }

    HistoryStore(Path file, int keepRuns, Clock clock, WriteListener listener) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (keepRuns < 1) {
            throw new IllegalArgumentException("history keepRuns must be >= 1, got: " + keepRuns);
        }
        this.keepRuns = keepRuns;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (IOException | SQLException e) {
            throw new HistoryException(file, "cannot open the history database: " + e.getMessage(), e);
        }
        try {
            HistorySchema.prepare(db, file);
        } catch (SQLException e) {
            closeQuietly();
            throw new HistoryException(file, "not a readable history database (" + e.getMessage() + ")", e);
        } catch (HistoryException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Returns the database file. */
    public Path file() {
        return file;
    }

    /**
     * Stores a run (replacing a stored run of the same id) with the gate's outcome, then applies retention,
     * all in one transaction.
     *
     * @param verdict the gate's outcome, or {@code null} when the run was not judged
     * @throws HistoryException naming the file when the write fails; the history is then unchanged
     */
    public void append(RunResult run, GateOutcome verdict) {
        try {
            db.setAutoCommit(false);
            try {
                long id = insertRun(run, verdict);
                insertEnvironment(id, run);
                insertMetrics(id, run);
                retain();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new HistoryException(file, "cannot append run '" + run.runId() + "': " + e.getMessage(), e);
        }
    }

    private long insertRun(RunResult run, GateOutcome verdict) throws SQLException {
        try (PreparedStatement del = db.prepareStatement("DELETE FROM runs WHERE run_id = ?")) {
            del.setString(1, run.runId());
            del.executeUpdate();
        }
        try (PreparedStatement ins = db.prepareStatement(
                "INSERT INTO runs(run_id, started_ms, started_at, recorded_at, "
                        + "status, reasons, verdict, git_commit, target_kind, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ins.setString(1, run.runId());
            ins.setLong(2, run.timestamp().toEpochMilli());
            ins.setString(3, run.timestamp().toString());
            ins.setString(4, clock.instant().toString());
            ins.setString(5, run.status().name());
            ins.setString(6, String.join("\n", run.reasons()));
            ins.setString(7, verdict == null ? null : verdict.name());
            ins.setString(8, run.environment().get("git.commit"));
            ins.setString(9, run.environment().get("target.kind"));
            ins.setString(10, MachineFingerprint.of(run.environment()));
            ins.executeUpdate();
            try (ResultSet keys = ins.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void insertEnvironment(long id, RunResult run) throws SQLException {
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO environment(run, key, value) VALUES (?,?,?)")) {
            for (var e : run.environment().entrySet()) {
                ins.setLong(1, id);
                ins.setString(2, e.getKey());
                ins.setString(3, e.getValue());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    private void insertMetrics(long id, RunResult run) throws SQLException {
        try (PreparedStatement m =
                        db.prepareStatement("INSERT INTO metrics(run, name, unit, direction, value, low, high, "
                                + "confidence, samples, statistic, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                PreparedStatement d =
                        db.prepareStatement("INSERT INTO distributions(run, name, unit, hdr) VALUES (?,?,?,?)")) {
            for (Metric metric : run.metrics()) {
                Interval i = metric.uncertainty();
                m.setLong(1, id);
                m.setString(2, metric.name());
                m.setString(3, metric.unit().symbol());
                m.setString(4, metric.direction().name());
                m.setDouble(5, metric.value());
                m.setObject(6, i == null ? null : i.low());
                m.setObject(7, i == null ? null : i.high());
                m.setObject(8, i == null ? null : i.confidence());
                m.setLong(9, metric.samples());
                m.setString(10, metric.statistic().code());
                m.setString(11, metric.source());
                m.executeUpdate();
                if (metric.histogram() != null) {
                    EncodedHistogram h = metric.histogram();
                    d.setLong(1, id);
                    d.setString(2, metric.name());
                    d.setString(3, h.unit().symbol());
                    d.setString(4, h.base64());
                    d.executeUpdate();
                }
                listener.metricWritten(metric.name());
            }
        }
    }

    private void retain() throws SQLException {
        try (PreparedStatement del = db.prepareStatement("DELETE FROM runs WHERE id NOT IN "
                + "(SELECT id FROM runs ORDER BY started_ms DESC, id DESC LIMIT ?)")) {
            del.setInt(1, keepRuns);
            del.executeUpdate();
        }
    }

    /** Returns the last {@code last} runs ({@code >= 1}), oldest first. */
    public List<HistoryRun> runs(int last) {
        String sql = "SELECT r.run_id, r.started_ms, r.status, r.verdict, r.git_commit, r.target_kind, r.fingerprint, "
                + "(SELECT COUNT(*) FROM metrics m WHERE m.run = r.id) FROM runs r ORDER BY r.started_ms DESC, r.id DESC LIMIT ?";
        List<HistoryRun> runs = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setInt(1, last);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    runs.add(new HistoryRun(
                            rs.getString(1),
                            Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getInt(8)));
                }
            }
        } catch (SQLException e) {
            throw new HistoryException(file, "cannot list runs: " + e.getMessage(), e);
        }
        Collections.reverse(runs);
        return runs;
    }

    /** Returns the names of every stored metric, sorted. */
    public List<String> metricNames() {
        List<String> names = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT DISTINCT name FROM metrics ORDER BY name");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new HistoryException(file, "cannot list metrics: " + e.getMessage(), e);
        }
        return names;
    }

    /** Returns the metric's values over the last {@code last} runs that have it, oldest first. */
    public List<TrendPoint> trend(String metric, int last) {
        String sql = "SELECT r.run_id, r.started_ms, m.value, m.unit, m.low, m.high, m.confidence FROM metrics m "
                + "JOIN runs r ON r.id = m.run WHERE m.name = ? ORDER BY r.started_ms DESC, r.id DESC LIMIT ?";
        List<TrendPoint> points = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, metric);
            q.setInt(2, last);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    double low = rs.getDouble(5);
                    Interval interval = rs.wasNull() ? null : new Interval(low, rs.getDouble(6), rs.getDouble(7));
                    points.add(new TrendPoint(
                            rs.getString(1),
                            Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getDouble(3),
                            Unit.parse(rs.getString(4)),
                            interval));
                }
            }
        } catch (SQLException e) {
            throw new HistoryException(file, "cannot read the trend of '" + metric + "': " + e.getMessage(), e);
        }
        Collections.reverse(points);
        return points;
    }

    /** Package-private for {@link HistoryBaseline}: the connection, owned by this store. */
    Connection connection() {
        return db;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new HistoryException(file, "cannot close: " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // the open already failed; that error is the one to report
        }
    }
}
