package dev.ollamaperf.reports.metric;

import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Derives metrics from HdrHistograms: the one place where a percentile, mean, max or min and its
 * interval are computed, so a metric read from one file and the same metric recomputed after a
 * merge agree exactly.
 */
public final class HistogramMetrics {

    private HistogramMetrics() {}

    /**
     * Computes a metric from a histogram.
     *
     * @param statistic a statistic whose kind is {@link Statistic.Kind#fromHistogram()}
     * @param histogram non-empty histogram whose unit converts to {@code unit}
     * @throws IllegalArgumentException naming the metric if the histogram is empty or the units differ
     */
    public static Metric of(
            String name,
            Unit unit,
            Direction direction,
            Statistic statistic,
            EncodedHistogram histogram,
            String source) {
        Objects.requireNonNull(histogram, "histogram");
        Histogram h = histogram.decode();
        if (h.getTotalCount() == 0) {
            throw new IllegalArgumentException("metric '" + name + "' cannot be computed from an empty histogram");
        }
        if (!statistic.kind().fromHistogram()) {
            throw new IllegalArgumentException(
                    "metric '" + name + "' statistic '" + statistic + "' is not a histogram statistic");
        }
        Unit from = histogram.unit();
        double raw = switch (statistic.kind()) {
            case PERCENTILE -> h.getValueAtPercentile(statistic.percentile());
            case MEAN -> h.getMean();
            case MAX -> h.getMaxValue();
            case MIN -> h.getMinValue();
            default -> throw new AssertionError(statistic);
        };
        Interval interval = switch (statistic.kind()) {
            case PERCENTILE -> Intervals.percentile(h, statistic.percentile(), Intervals.LOAD_CONFIDENCE);
            case MEAN -> Intervals.mean(h, Intervals.LOAD_CONFIDENCE);
            default -> null; // an extreme has no useful interval: it is what was seen
        };
        return new Metric(
                name,
                unit,
                direction,
                from.convert(raw, unit),
                interval == null ? null : interval.convert(from, unit),
                h.getTotalCount(),
                statistic,
                histogram,
                source);
    }

    /**
     * Adds histograms with {@link Histogram#add}: the only correct way to combine distributions.
     *
     * @throws IllegalArgumentException if the list is empty or the units differ
     */
    public static EncodedHistogram add(List<EncodedHistogram> histograms) {
        if (histograms.isEmpty()) {
            throw new IllegalArgumentException("need at least one histogram to add");
        }
        Unit unit = histograms.get(0).unit();
        Histogram sum = null;
        for (EncodedHistogram encoded : histograms) {
            if (encoded.unit() != unit) {
                throw new IllegalArgumentException(
                        "cannot add histograms in '" + unit + "' and '" + encoded.unit() + "'");
            }
            Histogram h = encoded.decode();
            if (sum == null) {
                sum = h.copy();
                sum.setAutoResize(true);
            } else {
                sum.add(h);
            }
        }
        return EncodedHistogram.encode(sum, unit);
    }
}
