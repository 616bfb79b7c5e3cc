package dev.ollamaperf.reports.history;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A baseline built from the history, for {@link dev.ollamaperf.reports.compare.BaselineComparator}.
 *
 * <p>The rule: take the last {@code k} runs that are VALID and whose gate verdict was not FAIL (a run that
 * failed the gate must not drag the baseline towards its regression), ran against the same target kind
 * ({@code target.kind}) on the same machine ({@link MachineFingerprint}), other than the current run.
 * For each metric present in any of them, the baseline value is the <b>median</b> of its values (converted
 * to the unit of the newest run that has it). Its interval is the median of the runs' own lower bounds
 * and of their upper bounds (JMH errors, histogram intervals), widened to contain the median; when no run
 * had an interval and there are at least two values, it is their range, {@code [min, max]}, whose
 * confidence as an interval for the median is {@code 1 - 2^(1-n)} (0.75 for 3 runs, 0.94 for 5): the
 * spread seen in history stands in for the noise. A JMH score's interval is also widened to hold every run's value:
 * runs are separate JVM forks, and their spread is the between-fork noise. Histograms are not carried over.
 */
public final class HistoryBaseline {

    /** Runs the median is taken over when the caller does not say. */
    public static final int DEFAULT_RUNS = 5;

    private final int runs;

    /**
     * Creates the rule.
     *
     * @param runs how many of the latest matching runs to take the median of, {@code >= 1}
     */
    public HistoryBaseline(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("history baseline runs must be >= 1, got: " + runs);
        }
        this.runs = runs;
    }

    /** Returns the baseline for {@code current}, or empty when the history has no matching valid run. */
    public Optional<RunResult> of(HistoryStore store, RunResult current) {
        String kind = current.environment().get("target.kind");
        String fingerprint = MachineFingerprint.of(current.environment());
        Map<Long, String> ids = new LinkedHashMap<>();
        Instant newest = null;
        try (PreparedStatement q = store.connection()
                .prepareStatement("SELECT id, run_id, started_ms FROM runs "
                        + "WHERE status = 'VALID' AND (verdict IS NULL OR verdict <> 'FAIL') AND target_kind IS ? AND fingerprint = ? "
                        + "AND run_id <> ? "
                        + "ORDER BY started_ms DESC, id DESC LIMIT ?")) {
            q.setString(1, kind);
            q.setString(2, fingerprint);
            q.setString(3, current.runId());
            q.setInt(4, runs);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getLong(1), rs.getString(2));
                    newest = newest == null ? Instant.ofEpochMilli(rs.getLong(3)) : newest;
                }
            }
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            List<Metric> metrics = medians(store, ids);
            Map<String, String> env = new TreeMap<>();
            env.put("target.kind", kind == null ? "" : kind);
            env.put("history.fingerprint", fingerprint);
            env.put("history.runs", String.join(",", ids.values()));
            String id = "history:median-of-" + ids.size() + "[" + String.join(",", ids.values()) + "]";
            return Optional.of(new RunResult(id, newest, env, metrics, RunStatus.VALID, List.of()));
        } catch (SQLException e) {
            throw new HistoryException(store.file(), "cannot build a baseline: " + e.getMessage(), e);
        }
    }

    /** Per metric name, the stored rows newest run first. */
    private static List<Metric> medians(HistoryStore store, Map<Long, String> ids) throws SQLException {
        String in = String.join(",", ids.keySet().stream().map(String::valueOf).toList());
        Map<String, List<Metric>> byName = new TreeMap<>();
        try (PreparedStatement q = store.connection()
                        .prepareStatement("SELECT m.name, m.unit, m.direction, m.value, m.low, "
                                + "m.high, m.confidence, m.samples, m.statistic, m.source FROM metrics m JOIN runs r ON r.id = m.run "
                                + "WHERE m.run IN (" + in + ") ORDER BY r.started_ms DESC, r.id DESC");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                double low = rs.getDouble(5);
                Interval interval = rs.wasNull() ? null : new Interval(low, rs.getDouble(6), rs.getDouble(7));
                Metric m = new Metric(
                        rs.getString(1),
                        Unit.parse(rs.getString(2)),
                        Direction.valueOf(rs.getString(3)),
                        rs.getDouble(4),
                        interval,
                        rs.getLong(8),
                        Statistic.parse(rs.getString(9)),
                        null,
                        rs.getString(10));
                byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Metric> out = new ArrayList<>();
        byName.values().forEach(list -> out.add(median(list)));
        return out;
    }

    /** The median metric of one name; {@code rows.get(0)} is the newest and sets unit, direction and statistic. */
    static Metric median(List<Metric> rows) {
        Metric ref = rows.get(0);
        List<Metric> same =
                rows.stream().filter(m -> m.unit().convertibleTo(ref.unit())).toList();
        double[] values = same.stream().mapToDouble(m -> m.valueIn(ref.unit())).toArray();
        double value = median(values);
        List<Metric> withInterval =
                same.stream().filter(m -> m.uncertainty() != null).toList();
        Interval interval = null;
        if (!withInterval.isEmpty()) {
            double low = median(withInterval.stream()
                    .mapToDouble(
                            m -> m.uncertainty().convert(m.unit(), ref.unit()).low())
                    .toArray());
            double high = median(withInterval.stream()
                    .mapToDouble(
                            m -> m.uncertainty().convert(m.unit(), ref.unit()).high())
                    .toArray());
            interval = new Interval(
                    Math.min(low, value),
                    Math.max(high, value),
                    withInterval.get(0).uncertainty().confidence());
        } else if (values.length >= 2) {
            double min = Arrays.stream(values).min().orElseThrow();
            double max = Arrays.stream(values).max().orElseThrow();
            interval = new Interval(min, max, 1 - Math.pow(2, 1 - values.length));
        }
        if (interval != null && values.length >= 2 && ref.statistic().kind() == Statistic.Kind.SCORE) {
            // Each stored run's JMH score is its own JVM forks: the spread of those runs is the between-fork
            // variance that one run's interval cannot see (one fork reads 40 B/op where the others read 16), so the
            // baseline's interval holds every run's value (docs/power.md, "JMH forks").
            double min = Arrays.stream(values).min().orElseThrow();
            double max = Arrays.stream(values).max().orElseThrow();
            interval =
                    new Interval(Math.min(min, interval.low()), Math.max(max, interval.high()), interval.confidence());
        }
        long samples = (long) median(same.stream().mapToDouble(Metric::samples).toArray());
        return new Metric(
                ref.name(), ref.unit(), ref.direction(), value, interval, samples, ref.statistic(), null, ref.source());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
