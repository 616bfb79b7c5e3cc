package dev.ollamaperf.recorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Summary statistics of recorded samples; pure functions, no state. */
final class SampleStats {

    /** The interquartile range of a normal distribution is 1.349 standard deviations. */
    static final double IQR_PER_SD = 1.349;

    /** Window sizes for {@link #tokenJitter}. */
    private static final int[] BLOCK_SIZES = {1, 2, 4, 8};

    private SampleStats() {}

    /** Arithmetic mean; NaN for no values. */
    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1); 0 for fewer than two values. */
    static double sd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /**
     * The q-quantile by linear interpolation between order statistics (type 7, as R and numpy default).
     *
     * @param q 0..1
     */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /**
     * Robust coefficient of variation: (IQR / 1.349) / median. A late chunk makes one gap long and
     * the next one short (the server's schedule does not move); quartiles ignore such pairs as long
     * as fewer than a quarter of the gaps are disturbed, where a standard deviation would not.
     */
    static double robustCv(double[] values) {
        double median = median(values);
        if (values.length < 4 || !(median > 0)) {
            return Double.NaN;
        }
        return (quantile(values, 0.75) - quantile(values, 0.25)) / IQR_PER_SD / median;
    }

    /**
     * Per-token jitter (relative standard deviation of the server's token interval) from client-side
     * gaps between streamed chunks, separated from arrival noise.
     *
     * <p>The trap: a chunk that arrives late (network, client, a busy machine) makes one gap long and
     * the next short, which a plain spread of the gaps counts as jitter. Model: chunk k arrives at the
     * server's time plus noise {@code L_k}, and the server's intervals are independent with variance
     * {@code sigma^2}; then the sum of m consecutive gaps has variance
     * {@code m sigma^2 + Var(L_last - L_first)}: the jitter grows with m, the arrival noise does not.
     * The slope of a line through the variance of sums over sliding windows of m gaps (outliers
     * trimmed; overlapping windows, as in the overlapping Allan variance, use the data more fully)
     * over m = 1, 2, 4, 8 is {@code sigma^2}; divided by the median gap it is the jitter.
     *
     * @param gapsPerStream each stream's gaps in nanoseconds, in order
     * @return the jitter (0 or more), or NaN when there are too few gaps (fewer than 8 windows of 8)
     */
    static double tokenJitter(List<long[]> gapsPerStream) {
        double[] all = gapsPerStream.stream()
                .flatMapToLong(Arrays::stream)
                .mapToDouble(g -> g)
                .toArray();
        double median = median(all);
        List<Double> ms = new ArrayList<>();
        List<Double> variances = new ArrayList<>();
        for (int m : BLOCK_SIZES) {
            List<Double> sums = new ArrayList<>();
            for (long[] gaps : gapsPerStream) {
                for (int start = 0; start + m <= gaps.length; start++) {
                    double sum = 0;
                    for (int i = start; i < start + m; i++) {
                        sum += gaps[i];
                    }
                    sums.add(sum);
                }
            }
            if (sums.size() >= 8) {
                ms.add((double) m);
                variances.add(trimmedVariance(
                        sums.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        if (ms.size() < 2 || !(median > 0)) {
            return Double.NaN;
        }
        LineFit fit = LineFit.fit(
                ms.stream().mapToDouble(Double::doubleValue).toArray(),
                variances.stream().mapToDouble(Double::doubleValue).toArray());
        return Math.sqrt(Math.max(0, fit.slope())) / median;
    }

    /**
     * Sample variance of the values within 5 robust standard deviations (IQR / 1.349) of the median:
     * as efficient as the plain variance on clean data, but a rare stall cannot dominate it.
     */
    static double trimmedVariance(double[] values) {
        double median = median(values);
        double robustSd = (quantile(values, 0.75) - quantile(values, 0.25)) / IQR_PER_SD;
        double[] kept = Arrays.stream(values)
                .filter(v -> Math.abs(v - median) <= 5 * robustSd)
                .toArray();
        double sd = sd(kept.length >= 2 ? kept : values);
        return sd * sd;
    }

    /** Rounds to {@code digits} decimals. */
    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
