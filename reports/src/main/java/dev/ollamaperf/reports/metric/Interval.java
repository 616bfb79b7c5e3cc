package dev.ollamaperf.reports.metric;

/**
 * A confidence interval around a measured value, in the unit of the metric it belongs to.
 *
 * @param low lower bound, finite
 * @param high upper bound, finite and {@code >= low}
 * @param confidence the interval's confidence level, in (0, 1), e.g. 0.999 for JMH's score error
 */
public record Interval(double low, double high, double confidence) {

    public Interval {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("interval bounds must be finite, got: [" + low + ", " + high + "]");
        }
        if (low > high) {
            throw new IllegalArgumentException("interval low must be <= high, got: [" + low + ", " + high + "]");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("interval confidence must be in (0, 1), got: " + confidence);
        }
    }

    /** Returns this interval expressed in another unit of the same dimension. */
    public Interval convert(Unit from, Unit to) {
        double a = from.convert(low, to);
        double b = from.convert(high, to);
        return new Interval(Math.min(a, b), Math.max(a, b), confidence);
    }

    /** Returns {@code high - low}. */
    public double width() {
        return high - low;
    }
}
