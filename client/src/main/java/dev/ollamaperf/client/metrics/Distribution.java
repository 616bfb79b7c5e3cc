package dev.ollamaperf.client.metrics;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * An immutable summary of one histogram at snapshot time, plus a private copy of the histogram itself (for
 * merging: distributions are merged, never averaged).
 *
 * @param count samples
 * @param min   smallest value (0 when empty)
 * @param mean  mean value
 * @param p50   median
 * @param p90   90th percentile
 * @param p95   95th percentile
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   largest value
 */
public record Distribution(
        long count,
        long min,
        double mean,
        long p50,
        long p90,
        long p95,
        long p99,
        long p999,
        long max,
        Histogram histogramCopy) {

    public Distribution {
        Objects.requireNonNull(histogramCopy, "histogramCopy");
    }

    /** The distribution of {@code h}'s values (a copy: later recording into {@code h} does not change it). */
    public static Distribution of(Histogram h) {
        Histogram copy = h.copy();
        if (copy.getTotalCount() == 0) {
            return new Distribution(0, 0, 0, 0, 0, 0, 0, 0, 0, copy);
        }
        return new Distribution(
                copy.getTotalCount(),
                copy.getMinValue(),
                copy.getMean(),
                copy.getValueAtPercentile(50),
                copy.getValueAtPercentile(90),
                copy.getValueAtPercentile(95),
                copy.getValueAtPercentile(99),
                copy.getValueAtPercentile(99.9),
                copy.getMaxValue(),
                copy);
    }

    /** A fresh copy of the histogram (the held one is never exposed). */
    @Override
    public Histogram histogramCopy() {
        return histogramCopy.copy();
    }

    /** The value at any percentile (0–100). */
    public long valueAtPercentile(double percentile) {
        return histogramCopy.getValueAtPercentile(percentile);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d
                && count == d.count
                && min == d.min
                && max == d.max
                && p50 == d.p50
                && p99 == d.p99
                && histogramCopy.equals(d.histogramCopy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, min, max, p50, p99);
    }
}
