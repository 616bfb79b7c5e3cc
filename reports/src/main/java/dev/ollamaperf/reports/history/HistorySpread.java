package dev.ollamaperf.reports.history;

import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values each metric took in earlier comparable runs: the run-to-run spread the power-aware gate reads its
 * noise from (docs/power.md). Comparable means what {@link HistoryBaseline} takes: VALID, not failed by the
 * gate, the same target kind and machine fingerprint, not the current run. Unlike the baseline it keeps every
 * duration apart ({@link PastValue#duration()}), since a load metric's noise depends on the run's length.
 */
public final class HistorySpread {

    /** Runs read at most when the caller does not say: enough for a spread, recent enough to be this code. */
    public static final int DEFAULT_RUNS = 30;

    private final int runs;

    /** @param runs the latest matching runs to read, {@code >= 1} */
    public HistorySpread(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("history spread runs must be >= 1, got: " + runs);
        }
        this.runs = runs;
    }

    /**
     * Returns per metric name its values in the latest matching runs, newest first.
     *
     * @param environment the current run's flattened environment (fingerprint and target kind)
     * @param currentRunId the current run, left out; any string when there is none yet
     */
    public Map<String, List<PastValue>> of(HistoryStore store, Map<String, String> environment, String currentRunId) {
        String sql = "SELECT r.run_id, (SELECT e.value FROM environment e WHERE e.run = r.id AND e.key = "
                + "'settings.gate.duration'), m.name, m.value, m.unit, m.samples, m.statistic FROM metrics m JOIN runs r ON r.id = m.run "
                + "WHERE r.id IN (SELECT id FROM runs WHERE status = 'VALID' AND (verdict IS NULL OR verdict <> 'FAIL') "
                + "AND target_kind IS ? AND fingerprint = ? AND run_id <> ? ORDER BY started_ms DESC, id DESC LIMIT ?) "
                + "ORDER BY r.started_ms DESC, r.id DESC";
        Map<String, List<PastValue>> values = new TreeMap<>();
        try (PreparedStatement q = store.connection().prepareStatement(sql)) {
            q.setString(1, environment.get("target.kind"));
            q.setString(2, MachineFingerprint.of(environment));
            q.setString(3, currentRunId);
            q.setInt(4, runs);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String duration = rs.getString(2);
                    values.computeIfAbsent(rs.getString(3), k -> new ArrayList<>())
                            .add(new PastValue(
                                    rs.getString(1),
                                    duration == null ? "" : duration,
                                    rs.getDouble(4),
                                    Unit.parse(rs.getString(5)),
                                    rs.getLong(6),
                                    Statistic.parse(rs.getString(7))));
                }
            }
        } catch (SQLException e) {
            throw new HistoryException(store.file(), "cannot read the run-to-run spread: " + e.getMessage(), e);
        }
        return values;
    }
}
