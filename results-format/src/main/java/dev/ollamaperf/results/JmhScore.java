package dev.ollamaperf.results;

import java.util.List;
import java.util.Objects;

/**
 * One score of a JMH result: the primary metric or a secondary one.
 *
 * @param score the score; {@code NaN} when JMH wrote {@code "NaN"} (or anything but a number)
 * @param confidenceLow the lower end of JMH's {@code scoreConfidence} (99.9% by default), {@code NaN} when JMH
 *     could not compute one (a single iteration) or wrote none
 * @param confidenceHigh its upper end, {@code NaN} likewise
 * @param unit JMH's {@code scoreUnit}, e.g. {@code ns/op}, {@code ops/s}, {@code B/op}; empty when absent
 * @param samples the measurements in {@code rawData} over all forks, >= 0 (0 for the sample mode, which writes
 *     {@code rawDataHistogram} instead)
 * @param forks the mean of each fork's measurements in {@code rawData}, in fork order; empty when there is no
 *     {@code rawData}. JMH's own interval pools every iteration of every fork as if independent, so it can be tight
 *     while forks disagree (one JVM's JIT reads 40 B/op, another's 16): the reports widen it with these.
 */
public record JmhScore(
        double score, double confidenceLow, double confidenceHigh, String unit, long samples, List<Double> forks) {

    public JmhScore {
        Objects.requireNonNull(unit, "scoreUnit");
        Checks.nonNegative(samples, "samples");
        forks = List.copyOf(forks);
    }

    /** A score without per-fork means. */
    public JmhScore(double score, double confidenceLow, double confidenceHigh, String unit, long samples) {
        this(score, confidenceLow, confidenceHigh, unit, samples, List.of());
    }

    /** True when both ends of the confidence interval are finite numbers. */
    public boolean hasConfidence() {
        return Double.isFinite(confidenceLow) && Double.isFinite(confidenceHigh);
    }
}
