package dev.ollamaperf.reports.read;

import dev.ollamaperf.reports.metric.Dimension;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.JmhResult;
import dev.ollamaperf.results.JmhScore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns JMH's JSON result file ({@code -rf json}, here {@code <run>/jmh/results.json}, read by
 * {@link FormatFiles#readJmh}) into metrics.
 *
 * <p>Names: {@code jmh.<SimpleClass>.<method>[p1=v1,p2=v2]} followed by {@code .time} for the primary
 * metric of the time modes ({@code avgt}, {@code sample}, {@code ss}), {@code .thrpt} for throughput mode
 * (so a benchmark run in both modes keeps two distinct names), and {@code .alloc} for
 * {@code gc.alloc.rate.norm} (B/op, from {@code -prof gc}); parameters in the file's order, the bracket
 * left out when there are none. Direction follows the unit (ops per time: higher is better; time per
 * op: lower is better). The interval is JMH's {@code scoreConfidence} at 99.9% (JMH's default); JMH
 * writes {@code "NaN"} when it could not compute one (a single iteration), and the metric then has none. With
 * several forks the interval is widened to contain every fork's mean ({@link #withForkRange}).
 */
public final class JmhReader {

    /** JMH's confidence level for {@code scoreError}/{@code scoreConfidence}. */
    public static final double JMH_CONFIDENCE = 0.999;

    /**
     * Reads the file.
     *
     * @throws FormatException naming the file (and the benchmark) when the file is not JMH's format
     */
    public List<Metric> read(Path file) {
        List<Metric> metrics = new ArrayList<>();
        for (JmhResult result : FormatFiles.readJmh(file)) {
            try {
                metrics.addAll(metrics(result));
            } catch (IllegalArgumentException e) {
                throw new FormatException(file + ": benchmark '" + result.benchmark() + "': " + e.getMessage(), e);
            }
        }
        return metrics;
    }

    private static List<Metric> metrics(JmhResult result) {
        String base = "jmh." + simpleName(result.benchmark()) + params(result.params());
        List<Metric> metrics = new ArrayList<>();
        String suffix = result.mode().equals("thrpt") ? ".thrpt" : ".time";
        metrics.add(metric(base + suffix, result.primaryMetric(), directionOf(result.primaryMetric())));
        JmhScore alloc = result.secondaryMetrics().get(JmhResult.ALLOC_NORM);
        if (alloc != null) {
            metrics.add(metric(base + ".alloc", alloc, Direction.LOWER_IS_BETTER));
        }
        return metrics;
    }

    private static Metric metric(String name, JmhScore score, Direction direction) {
        Unit unit = Unit.parse(score.unit());
        if (!Double.isFinite(score.score())) {
            throw new IllegalArgumentException(
                    "metric '" + name + "' score must be a finite number, got: " + score.score());
        }
        Interval interval = score.hasConfidence()
                ? new Interval(
                        Math.min(score.confidenceLow(), score.confidenceHigh()),
                        Math.max(score.confidenceLow(), score.confidenceHigh()),
                        JMH_CONFIDENCE)
                : null;
        interval = withForkRange(interval, score.forks());
        return new Metric(
                name, unit, direction, score.score(), interval, score.samples(), Statistic.SCORE, null, "jmh");
    }

    /**
     * Widens JMH's interval to contain every fork's mean: JMH pools the iterations of all forks as if independent,
     * so forks that each measure tightly but disagree (one JVM's JIT reads 40 B/op, another's 16) get an interval
     * that contains neither; the disagreement between JVMs is the noise a rerun meets, so the interval must show it
     * (docs/power.md, "JMH forks"). With one fork there is nothing to add. A score without JMH's interval gets the
     * fork range alone, whose confidence as an interval for the median of fork means is {@code 1 - 2^(1-f)} for
     * {@code f} forks (as the history baseline's range, docs/comparison-rules.md).
     */
    static Interval withForkRange(Interval jmh, List<Double> forks) {
        if (forks.size() < 2) {
            return jmh;
        }
        double low = forks.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = forks.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        if (jmh == null) {
            return new Interval(low, high, 1 - Math.pow(2, 1 - forks.size()));
        }
        return new Interval(Math.min(low, jmh.low()), Math.max(high, jmh.high()), jmh.confidence());
    }

    private static Direction directionOf(JmhScore primary) {
        Unit unit = Unit.parse(primary.unit());
        if (unit.dimension() == Dimension.OPS_RATE) {
            return Direction.HIGHER_IS_BETTER;
        }
        if (unit.dimension() == Dimension.TIME_PER_OP) {
            return Direction.LOWER_IS_BETTER;
        }
        throw new IllegalArgumentException("primary metric unit '" + unit + "' must be ops per time or time per op");
    }

    static String simpleName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("benchmark name must be <class>.<method>, got: " + benchmark);
        }
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String params(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        // Metric names carry no whitespace; a parameter value with spaces keeps its shape with underscores.
        params.forEach((key, value) -> joiner.add(key + "=" + value.replaceAll("\\s", "_")));
        return joiner.toString();
    }
}
