package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run-to-run spread of one metric over the history runs of one length.
 *
 * @param length the runs' scenario length; {@link Duration#ZERO} for runs of any length ({@link #pooled})
 * @param sigma the robust standard deviation of their values ({@link #sigma(double[])}), in {@code unit}
 * @param median the median of their values, in {@code unit}
 * @param samples the median of their sample counts
 * @param runs how many runs
 * @param unit the unit of {@code sigma} and {@code median}
 * @param statistic what the values are a statistic of (the newest run's)
 */
public record Spread(
        Duration length, double sigma, double median, long samples, int runs, Unit unit, Statistic statistic) {

    /** Runs of one length needed before their spread counts: fewer say little about a standard deviation. */
    public static final int MIN_RUNS = 5;

    /** Turns a median absolute deviation into a standard deviation for normally distributed values. */
    static final double MAD_TO_SIGMA = 1.4826;

    /** Turns a mean absolute deviation into a standard deviation for normally distributed values. */
    static final double MEAN_AD_TO_SIGMA = 1.2533;

    /**
     * Returns the spread of the runs of {@code length}, if at least {@link #MIN_RUNS} of them measured the metric
     * in a unit that converts to {@code unit}.
     */
    public static Optional<Spread> at(List<PastValue> past, Duration length, Unit unit) {
        List<PastValue> same = past.stream()
                .filter(p -> p.unit().convertibleTo(unit))
                .filter(p ->
                        RunLength.parse(p.duration()).filter(length::equals).isPresent())
                .toList();
        return of(same, length, unit);
    }

    /**
     * Returns the spread of the length with the most runs (at least {@link #MIN_RUNS}; the longer length on a tie),
     * if any: the best-known noise of the metric, to scale to another length.
     */
    public static Optional<Spread> best(List<PastValue> past, Unit unit) {
        Map<Duration, List<PastValue>> byLength = new LinkedHashMap<>();
        for (PastValue p : past) {
            if (p.unit().convertibleTo(unit)) {
                RunLength.parse(p.duration())
                        .ifPresent(d -> byLength.computeIfAbsent(d, k -> new ArrayList<>())
                                .add(p));
            }
        }
        return byLength.entrySet().stream()
                .filter(e -> e.getValue().size() >= MIN_RUNS)
                .max(Comparator.<Map.Entry<Duration, List<PastValue>>>comparingInt(
                                e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .flatMap(e -> of(e.getValue(), e.getKey(), unit));
    }

    /**
     * Returns the spread of every run that measured the metric, whatever its length ({@link Duration#ZERO} as
     * the length): right for a metric whose noise does not depend on the length (JMH scores, memory).
     */
    public static Optional<Spread> pooled(List<PastValue> past, Unit unit) {
        return of(past.stream().filter(p -> p.unit().convertibleTo(unit)).toList(), Duration.ZERO, unit);
    }

    private static Optional<Spread> of(List<PastValue> runs, Duration length, Unit unit) {
        if (runs.size() < MIN_RUNS) {
            return Optional.empty();
        }
        double[] values = runs.stream()
                .mapToDouble(p -> p.unit().convert(p.value(), unit))
                .toArray();
        double[] samples = runs.stream().mapToDouble(PastValue::samples).toArray();
        return Optional.of(new Spread(
                length,
                sigma(values),
                median(values),
                (long) median(samples),
                runs.size(),
                unit,
                runs.get(0).statistic()));
    }

    /**
     * A standard deviation that one outlying run (a run on a busy machine) does not blow up: 1.4826 times the
     * median absolute deviation. When more than half the values are equal that is 0 although they vary, so then
     * 1.2533 times the mean absolute deviation from the median, which sees the odd ones.
     */
    static double sigma(double[] values) {
        double median = median(values);
        double[] deviations =
                Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
        double mad = median(deviations);
        if (mad > 0) {
            return MAD_TO_SIGMA * mad;
        }
        return MEAN_AD_TO_SIGMA * Arrays.stream(deviations).average().orElse(0);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * Returns the noise this spread predicts for a run of {@code other} length: the spread of a load metric's
     * percentile, mean or ratio shrinks as 1/sqrt(requests), and a scenario's requests grow with its length; any
     * other metric's spread does not depend on the length.
     */
    public double sigmaAt(Duration other) {
        if (!scalesWithLength(statistic)) {
            return sigma;
        }
        return sigma * Math.sqrt((double) length.toMillis() / other.toMillis());
    }

    /** Whether a metric of this statistic gets less noisy with more requests (percentiles, means and ratios do). */
    public static boolean scalesWithLength(Statistic statistic) {
        return switch (statistic.kind()) {
            case PERCENTILE, MEAN, RATIO -> true;
            default -> false;
        };
    }
}
