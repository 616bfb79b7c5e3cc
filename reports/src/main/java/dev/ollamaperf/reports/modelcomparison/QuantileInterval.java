package dev.ollamaperf.reports.modelcomparison;

import dev.ollamaperf.reports.metric.Intervals;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Distribution-free confidence interval of a quantile, from an HdrHistogram's counts.
 *
 * <p>Method ({@link Intervals#quantileRanks}, shared with the load reader's paired differences): with
 * {@code n} independent samples, the number {@code B} of samples below the true quantile {@code q} is
 * Binomial(n, q) whatever the distribution. The interval is the pair of order
 * statistics {@code [X(l), X(u)]} with {@code l} the largest rank such that {@code P(B <= l-1) <= a/2}
 * and {@code u} the smallest such that {@code P(B >= u) <= a/2} (exact binomial sums, no normal
 * approximation); its coverage is {@code P(l <= B <= u-1)}, at least the confidence asked for. With too
 * few samples no rank pair reaches it: the interval is then {@code [min, max]} and the coverage says
 * how little it covers (0.9375 for 5 samples, 0 for 1).
 *
 * <p>Clustered samples (inter-token gaps come many per request and are correlated within a request)
 * are handled with an effective sample size: the ranks are computed for {@code effectiveN}
 * independent samples and scaled to the histogram's count, which widens the interval (a conservative
 * design effect; the harness passes the number of requests).
 *
 * <p>Values are read from the histogram at the edges of their buckets (lower edge for {@code X(l)},
 * upper for {@code X(u)}), so the histogram's rounding (3 significant digits) never narrows the interval.
 */
public final class QuantileInterval {

    private QuantileInterval() {}

    /**
     * Returns {@code {low, high, coverage}} of the quantile's interval, in the histogram's recorded unit.
     *
     * @param h a non-empty histogram
     * @param effectiveN the number of independent samples behind it, 1 to its count (its count for
     *     independent samples)
     */
    public static double[] of(Histogram h, double q, double confidence, long effectiveN) {
        long n = h.getTotalCount();
        if (n == 0) {
            throw new IllegalArgumentException("a quantile interval needs a non-empty histogram");
        }
        if (effectiveN < 1 || effectiveN > n) {
            throw new IllegalArgumentException(
                    "'effectiveN' must be between 1 and the sample count " + n + ", got: " + effectiveN);
        }
        Intervals.Ranks ranks = Intervals.quantileRanks(effectiveN, q, confidence);
        long lowRank = Math.max(1, (long) Math.floor((double) ranks.low() * n / effectiveN));
        long highRank = Math.min(n, (long) Math.ceil((double) ranks.high() * n / effectiveN));
        double estimate = h.getValueAtPercentile(q * 100);
        double low = Math.min(estimate, h.lowestEquivalentValue(valueAtRank(h, lowRank)));
        double high = Math.max(estimate, h.highestEquivalentValue(valueAtRank(h, highRank)));
        return new double[] {low, high, ranks.coverage()};
    }

    /** Returns the {@code rank}-th smallest recorded value (1-based), as the histogram stores it. */
    static long valueAtRank(Histogram h, long rank) {
        long seen = 0;
        long last = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            last = v.getValueIteratedTo();
            if (seen >= rank) {
                return last;
            }
        }
        return last;
    }
}
