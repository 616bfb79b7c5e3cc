package dev.ollamaperf.reports.modelcomparison;

/**
 * One model's median of one metric with its distribution-free interval ({@link QuantileInterval}).
 *
 * @param median the median, in the metric's unit
 * @param low the interval's lower bound ({@code <= median})
 * @param high its upper bound ({@code >= median})
 * @param coverage the interval's exact coverage, in [0, 1]: at least the confidence asked for, less
 *     only when there were too few samples to reach it
 * @param samples samples in the histogram
 * @param effectiveSamples independent samples the interval assumes ({@code <= samples}; the request
 *     count for inter-token gaps)
 */
public record Estimate(double median, double low, double high, double coverage, long samples, long effectiveSamples) {

    public Estimate {
        if (!Double.isFinite(median)
                || !Double.isFinite(low)
                || !Double.isFinite(high)
                || low > median
                || median > high) {
            throw new IllegalArgumentException("estimate must satisfy low <= median <= high, all finite, got: [" + low
                    + ", " + median + ", " + high + "]");
        }
        if (!(coverage >= 0 && coverage <= 1)) {
            throw new IllegalArgumentException("estimate 'coverage' must be in [0, 1], got: " + coverage);
        }
        if (samples < 1 || effectiveSamples < 1 || effectiveSamples > samples) {
            throw new IllegalArgumentException("estimate needs 1 <= effectiveSamples <= samples, got: samples="
                    + samples + ", effectiveSamples=" + effectiveSamples);
        }
    }

    /** True when the interval reaches {@code confidence} (else it is too short to tell models apart). */
    public boolean reaches(double confidence) {
        return coverage >= confidence;
    }
}
