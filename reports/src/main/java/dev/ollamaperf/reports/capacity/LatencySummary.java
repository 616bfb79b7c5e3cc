package dev.ollamaperf.reports.capacity;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution's summary in milliseconds, from a merged HdrHistogram of nanoseconds.
 *
 * @param count samples
 * @param mean  mean, ms
 * @param p50   median, ms
 * @param p90   ms
 * @param p95   ms
 * @param p99   ms
 * @param max   ms
 */
public record LatencySummary(long count, double mean, double p50, double p90, double p95, double p99, double max) {

    /** No samples. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    public LatencySummary {
        if (count < 0) {
            throw new IllegalArgumentException("'count' must be >= 0, got: " + count);
        }
    }

    /** The summary of a histogram recorded in nanoseconds. */
    public static LatencySummary ofNanos(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                h.getTotalCount(),
                h.getMean() / 1e6,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(95) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6);
    }

    /**
     * The statistic by its code: {@code mean}, {@code p50}, {@code p90}, {@code p95}, {@code p99} or {@code max}.
     *
     * @throws IllegalArgumentException for any other code
     */
    public double get(String statistic) {
        return switch (statistic) {
            case "mean" -> mean;
            case "p50" -> p50;
            case "p90" -> p90;
            case "p95" -> p95;
            case "p99" -> p99;
            case "max" -> max;
            default ->
                throw new IllegalArgumentException(
                        "latency statistic must be one of mean, p50, p90, p95, p99, max," + " got: " + statistic);
        };
    }
}
