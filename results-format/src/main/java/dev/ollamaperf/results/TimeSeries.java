package dev.ollamaperf.results;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scenario's requests over time, in fixed buckets (the optional {@code timeseries} of a scenario in
 * {@code metrics.json}).
 *
 * <p>Counter rules: a request counts as {@code started} in the bucket of its send, as {@code ok} or
 * {@code errors} (with its {@code output_tokens} and TTFT) in the bucket of its end. {@code active_max} is
 * the most requests in flight at once during the bucket, {@code active_end} those in flight at its end,
 * so {@code active_end} of a bucket is the previous one's plus {@code started - ok - errors}.
 *
 * @param stepMs bucket width in milliseconds, > 0
 * @param start wall-clock time of {@code t_ms} 0 (the scenario's first send), ISO-8601
 * @param points consecutive buckets: point {@code i} has {@code t_ms == i * step_ms}; at least one
 */
public record TimeSeries(long stepMs, String start, List<Point> points) {

    public TimeSeries {
        if (stepMs <= 0) {
            throw new IllegalArgumentException("'timeseries.step_ms' must be > 0, got: " + stepMs);
        }
        Checks.instant(start, "timeseries.start");
        points = List.copyOf(Objects.requireNonNull(points, "timeseries.points"));
        if (points.isEmpty()) {
            throw new IllegalArgumentException("'timeseries.points' must not be empty");
        }
        long active = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            String at = "'timeseries.points[" + i + "]";
            if (p.tMs() != i * stepMs) {
                throw new IllegalArgumentException(at + ".t_ms' must be " + i + " * step_ms = " + i * stepMs
                        + " (buckets are consecutive), got: " + p.tMs());
            }
            active += p.started() - p.ok() - p.errors();
            if (p.activeEnd() != active) {
                throw new IllegalArgumentException(
                        at + ".active_end' must equal the requests still in flight (started - ok"
                                + " - errors up to it) = " + active + ", got: " + p.activeEnd());
            }
        }
    }

    /** Returns the requests started over all buckets. */
    public long started() {
        return points.stream().mapToLong(Point::started).sum();
    }

    /** Returns the requests that ended whole over all buckets. */
    public long ok() {
        return points.stream().mapToLong(Point::ok).sum();
    }

    /** Returns the requests that failed over all buckets. */
    public long errors() {
        return points.stream().mapToLong(Point::errors).sum();
    }

    /** Returns the output tokens over all buckets. */
    public long outputTokens() {
        return points.stream().mapToLong(Point::outputTokens).sum();
    }

    /** Returns the wall-clock time of {@code t_ms} 0. */
    public Instant startInstant() {
        return Instant.parse(start);
    }

    /**
     * Returns the sum of two injectors' series by absolute time: buckets are placed at the nearest whole step
     * after the earlier start; counts and active requests add (so {@code active_max} is an upper bound: the two
     * maxima need not fall at the same moment). A TTFT percentile survives only where one series alone had
     * TTFT samples in the bucket: percentiles are never averaged. Steps must be equal or one a multiple of the
     * other (the finer series is coarsened first).
     *
     * @throws IllegalArgumentException naming both steps when neither divides the other
     */
    public TimeSeries plus(TimeSeries other) {
        long step = Math.max(stepMs, other.stepMs);
        if (step % stepMs != 0 || step % other.stepMs != 0) {
            throw new IllegalArgumentException("'timeseries.step_ms' " + stepMs + " and " + other.stepMs
                    + " cannot merge: one must be a multiple of the other");
        }
        TimeSeries a = coarsened(step);
        TimeSeries b = other.coarsened(step);
        Instant first = a.startInstant().isBefore(b.startInstant()) ? a.startInstant() : b.startInstant();
        int offsetA = offset(first, a.startInstant(), step);
        int offsetB = offset(first, b.startInstant(), step);
        int length = Math.max(offsetA + a.points.size(), offsetB + b.points.size());
        List<Point> sum = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            sum.add(Point.sum(i * step, a.at(i - offsetA), b.at(i - offsetB)));
        }
        return new TimeSeries(step, first.toString(), sum);
    }

    private static int offset(Instant first, Instant start, long step) {
        return (int) Math.round((start.toEpochMilli() - first.toEpochMilli()) / (double) step);
    }

    /** Point {@code i}, or an empty bucket before the first and one carrying the last {@code active_end} after the last. */
    private Point at(int i) {
        if (i < 0) {
            return Point.empty(0, 0);
        }
        if (i >= points.size()) {
            return Point.empty(0, points.get(points.size() - 1).activeEnd());
        }
        return points.get(i);
    }

    /** This series in buckets of {@code step}, a multiple of {@code step_ms}. */
    private TimeSeries coarsened(long step) {
        int factor = (int) (step / stepMs);
        if (factor == 1) {
            return this;
        }
        List<Point> out = new ArrayList<>();
        for (int first = 0; first < points.size(); first += factor) {
            List<Point> group = points.subList(first, Math.min(points.size(), first + factor));
            List<Point> withTtft =
                    group.stream().filter(p -> p.ttftP50Ns() != null).toList();
            // percentiles are never averaged: a coarse bucket keeps TTFT only when one fine bucket had it
            Point only = withTtft.size() == 1 ? withTtft.get(0) : null;
            out.add(new Point(
                    out.size() * step,
                    group.stream().mapToLong(Point::started).sum(),
                    group.stream().mapToLong(Point::ok).sum(),
                    group.stream().mapToLong(Point::errors).sum(),
                    group.stream().mapToLong(Point::outputTokens).sum(),
                    group.stream().mapToLong(Point::activeMax).max().orElse(0),
                    group.get(group.size() - 1).activeEnd(),
                    only == null ? null : only.ttftP50Ns(),
                    only == null ? null : only.ttftP95Ns()));
        }
        return new TimeSeries(step, start, out);
    }

    /**
     * One bucket.
     *
     * @param tMs start of the bucket after the series' start, ms
     * @param started requests sent in it, >= 0
     * @param ok requests that ended whole in it, >= 0
     * @param errors requests that failed in it, >= 0
     * @param outputTokens output tokens of the requests that ended in it, >= 0
     * @param activeMax most requests in flight at once during it, >= {@code active_end}
     * @param activeEnd requests in flight at its end, >= 0
     * @param ttftP50Ns median TTFT of the requests that ended in it, ns; absent when none had a token
     * @param ttftP95Ns p95 of the same; present exactly when {@code ttft_p50_ns} is, and >= it
     */
    public record Point(
            long tMs,
            long started,
            long ok,
            long errors,
            long outputTokens,
            long activeMax,
            long activeEnd,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @JacksonInject(value = "absent:ttft_p50_ns", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
            Long ttftP50Ns,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @JacksonInject(value = "absent:ttft_p95_ns", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
            Long ttftP95Ns) {

        public Point {
            Checks.nonNegative(tMs, "timeseries.points.t_ms");
            Checks.nonNegative(started, "timeseries.points.started");
            Checks.nonNegative(ok, "timeseries.points.ok");
            Checks.nonNegative(errors, "timeseries.points.errors");
            Checks.nonNegative(outputTokens, "timeseries.points.output_tokens");
            Checks.nonNegative(activeEnd, "timeseries.points.active_end");
            if (activeMax < activeEnd) {
                throw new IllegalArgumentException(
                        "'timeseries.points.active_max' must be >= active_end (" + activeEnd + "), got: " + activeMax);
            }
            if ((ttftP50Ns == null) != (ttftP95Ns == null)) {
                throw new IllegalArgumentException(
                        "'timeseries.points.ttft_p50_ns' and 'ttft_p95_ns' must be both present or"
                                + " both absent, got: " + ttftP50Ns + " and " + ttftP95Ns);
            }
            if (ttftP50Ns != null && (ttftP50Ns <= 0 || ttftP95Ns < ttftP50Ns)) {
                throw new IllegalArgumentException(
                        "'timeseries.points' TTFT must satisfy 0 < ttft_p50_ns <= ttft_p95_ns, got: " + ttftP50Ns
                                + " and " + ttftP95Ns);
            }
        }

        /** A bucket in which nothing started or ended, with {@code active} requests in flight throughout. */
        static Point empty(long tMs, long active) {
            return new Point(tMs, 0, 0, 0, 0, active, active, null, null);
        }

        static Point sum(long tMs, Point a, Point b) {
            boolean onlyA = b.ttftP50Ns == null;
            boolean onlyB = a.ttftP50Ns == null;
            return new Point(
                    tMs,
                    a.started + b.started,
                    a.ok + b.ok,
                    a.errors + b.errors,
                    a.outputTokens + b.outputTokens,
                    a.activeMax + b.activeMax,
                    a.activeEnd + b.activeEnd,
                    onlyA ? a.ttftP50Ns : onlyB ? b.ttftP50Ns : null,
                    onlyA ? a.ttftP95Ns : onlyB ? b.ttftP95Ns : null);
        }
    }
}
