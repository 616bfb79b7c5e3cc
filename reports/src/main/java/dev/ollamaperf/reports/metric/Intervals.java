package dev.ollamaperf.reports.metric;

import org.HdrHistogram.Histogram;

/**
 * Confidence intervals for the statistics that load tests produce, computed from what the files
 * hold (histograms and counters), so they can be recomputed after merging.
 *
 * <ul>
 *   <li>percentile: distribution-free order-statistic interval. With {@code n} samples and quantile
 *       {@code q}, the ranks {@code nq ± z·sqrt(nq(1-q))} (normal approximation of the binomial)
 *       bracket the true quantile with the given confidence; their values are read from the
 *       histogram, widened to the bucket edges so histogram rounding never narrows the interval.</li>
 *   <li>mean: {@code mean ± z·stddev/sqrt(n)} (central limit theorem).</li>
 *   <li>ratio: Wilson score interval of {@code k} successes in {@code n}.</li>
 *   <li>rate: Poisson interval {@code count ± z·sqrt(count)} over the window.</li>
 *   <li>quantile of raw values (the integration's paired differences, which can be negative and so fit no
 *       histogram): the order statistics {@code [X(l), X(u)]} whose ranks come from exact binomial sums
 *       ({@link #quantileRanks}), the same distribution-free rule as the percentile one without the normal
 *       approximation.</li>
 * </ul>
 */
public final class Intervals {

    /** Confidence used for every interval computed from load-test files. */
    public static final double LOAD_CONFIDENCE = 0.99;

    private Intervals() {}

    /** Returns the two-sided standard-normal quantile for a confidence in (0, 1), e.g. 2.576 for 0.99. */
    public static double z(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got: " + confidence);
        }
        return inverseNormal(0.5 + confidence / 2);
    }

    /** Returns the order-statistic interval of a percentile in (0, 100] of a non-empty histogram. */
    public static Interval percentile(Histogram h, double percentile, double confidence) {
        long n = h.getTotalCount();
        if (n == 0) {
            throw new IllegalArgumentException("percentile interval needs a non-empty histogram");
        }
        double q = percentile / 100.0;
        double spread = z(confidence) * Math.sqrt(n * q * (1 - q));
        long lowRank = Math.max(1, (long) Math.floor(n * q - spread));
        long highRank = Math.min(n, (long) Math.ceil(n * q + spread) + 1);
        long low = h.lowestEquivalentValue(h.getValueAtPercentile(100.0 * (lowRank - 0.5) / n));
        long high = h.highestEquivalentValue(h.getValueAtPercentile(100.0 * highRank / n));
        long estimate = h.getValueAtPercentile(percentile);
        return new Interval(Math.min(low, estimate), Math.max(high, estimate), confidence);
    }

    /** Returns the interval of the mean of a non-empty histogram. */
    public static Interval mean(Histogram h, double confidence) {
        long n = h.getTotalCount();
        if (n == 0) {
            throw new IllegalArgumentException("mean interval needs a non-empty histogram");
        }
        double half = z(confidence) * h.getStdDeviation() / Math.sqrt(n);
        return new Interval(h.getMean() - half, h.getMean() + half, confidence);
    }

    /** Returns the Wilson score interval of {@code k} out of {@code n} ({@code 0 <= k <= n}, {@code n > 0}). */
    public static Interval wilson(long k, long n, double confidence) {
        if (n <= 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("wilson interval needs 0 <= k <= n and n > 0, got: k=" + k + ", n=" + n);
        }
        double z = z(confidence);
        double p = (double) k / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        // At k = 0 (k = n) the bound is exactly 0 (1); rounding must not move it.
        double low = k == 0 ? 0 : Math.max(0, centre - half);
        double high = k == n ? 1 : Math.min(1, centre + half);
        return new Interval(low, high, confidence);
    }

    /** Returns the Poisson interval of a rate of {@code count} events in {@code seconds} ({@code > 0}). */
    public static Interval rate(long count, double seconds, double confidence) {
        if (count < 0 || !(seconds > 0)) {
            throw new IllegalArgumentException(
                    "rate interval needs count >= 0 and seconds > 0, got: " + count + ", " + seconds);
        }
        double half = z(confidence) * Math.sqrt(count);
        return new Interval(Math.max(0, count - half) / seconds, (count + half) / seconds, confidence);
    }

    /**
     * Ranks of an order-statistic interval of a quantile.
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
     * Returns the ranks of the distribution-free interval of quantile {@code q} for {@code n} independent samples.
     * The number {@code B} of samples below the true quantile is Binomial(n, q) whatever the distribution; the
     * lower rank {@code l} is the largest with {@code P(B <= l-1) <= a/2}, the upper {@code u} the smallest with
     * {@code P(B >= u) <= a/2} (exact sums). With too few samples no pair reaches the confidence: the ranks are then
     * {@code 1, n} and the coverage says how little they cover (0.9375 for the median of 5, 0 for 1 sample).
     *
     * @param n samples, 1 to 10,000,000
     * @param q the quantile, in (0, 1), e.g. 0.5 for the median
     * @param confidence the wanted coverage, in (0, 1), e.g. 0.95
     */
    public static Ranks quantileRanks(long n, double q, double confidence) {
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
     * Returns the order-statistic interval of quantile {@code q} of raw values, or {@code null} when there are too
     * few of them for any rank pair to reach the confidence (fewer than 6 for the median at 95%): an interval that
     * covers less than it claims would be worse than none.
     *
     * @param sorted the values, ascending, at least one
     */
    public static Interval quantile(long[] sorted, double q, double confidence) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("a quantile interval needs at least one value");
        }
        Ranks ranks = quantileRanks(sorted.length, q, confidence);
        if (ranks.coverage() < confidence) {
            return null;
        }
        return new Interval(sorted[(int) ranks.low() - 1], sorted[(int) ranks.high() - 1], confidence);
    }

    /** The median of ascending values: the middle one, or the mean of the two middle ones. */
    public static double median(long[] sorted) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("the median needs at least one value");
        }
        int n = sorted.length;
        return (sorted[(n - 1) / 2] + (double) sorted[n / 2]) / 2;
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

    // Acklam's rational approximation of the inverse standard-normal CDF; relative error < 1.2e-9.
    private static final double[] A = {
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.383577518672690e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00
    };
    private static final double[] B = {
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01
    };
    private static final double[] C = {
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00
    };
    private static final double[] D = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };

    static double inverseNormal(double p) {
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5])
                * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }
}
