package dev.ollamaperf.reports.modelcomparison;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Distribution-free confidence interval of a quantile, from an HdrHistogram's counts.
 *
 * <p>Method: with {@code n} independent samples, the number {@code B} of samples below the true
 * quantile {@code q} is Binomial(n, q) whatever the distribution. The interval is the pair of order
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
     * Ranks of an order-statistic interval.
     *
     * @param low 1-based rank of the lower bound
     * @param high 1-based rank of the upper bound ({@code >= low})
     * @param coverage the exact probability that {@code [X(low), X(high)]} holds the true quantile
     */
    public record Ranks(long low, long high, double coverage) {
        public Ranks {
            if (low < 1 || high < low) {
                throw new IllegalArgumentException(
                        "ranks must satisfy 1 <= low <= high, got: low=" + low + ", high=" + high);
            }
        }
    }

    /**
     * Returns the interval's ranks for {@code n} independent samples.
     *
     * @param n samples, 1 to 10,000,000
     * @param q the quantile, in (0, 1), e.g. 0.5 for the median
     * @param confidence the wanted coverage, in (0, 1), e.g. 0.95
     */
    public static Ranks ranks(long n, double q, double confidence) {
        if (n < 1 || n > 10_000_000) {
            throw new IllegalArgumentException("'n' must be between 1 and 10000000, got: " + n);
        }
        if (!(q > 0 && q < 1) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException(
                    "'q' and 'confidence' must be in (0, 1), got: q=" + q + ", confidence=" + confidence);
        }
        double[] cdf = binomialCdf((int) n, q);
        double tail = (1 - confidence) / 2;
        long low = 1;
        for (int k = 1; k <= n && cdf[k - 1] <= tail; k++) {
            low = k; // P(B <= k-1) <= tail
        }
        long high = n;
        for (int k = (int) n; k >= 1 && 1 - cdf[k - 1] <= tail; k--) {
            high = k; // P(B >= k) <= tail
        }
        high = Math.max(high, low);
        double coverage = cdf[(int) high - 1] - cdf[(int) low - 1];
        return new Ranks(low, high, Math.max(0, Math.min(1, coverage)));
    }

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
        Ranks ranks = ranks(effectiveN, q, confidence);
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

    /** {@code cdf[k] = P(B <= k)} for B ~ Binomial(n, p), summed in log space so large n does not underflow. */
    private static double[] binomialCdf(int n, double p) {
        double[] cdf = new double[n + 1];
        double logPmf = n * Math.log1p(-p);
        double logRatio = Math.log(p) - Math.log1p(-p);
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            sum += Math.exp(logPmf);
            cdf[k] = Math.min(1, sum);
            if (k < n) {
                logPmf += Math.log((double) (n - k) / (k + 1)) + logRatio;
            }
        }
        return cdf;
    }
}
