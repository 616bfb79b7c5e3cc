package dev.ollamaperf.reports.capacity;

import dev.ollamaperf.results.TimeSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * A step's throughput, second by second, and the interval that gives: the samples are the ok requests
 * of each whole bucket of the step's time series ({@code timeseries} of metrics.json: requests counted
 * in the bucket of their end, buckets from the step's first send) divided by the bucket's width; the
 * last, partial bucket (the window ends at the last answer) is left out.
 *
 * <p>The interval is Student's t, 95%, over those samples: {@code t(0.975, n-1) x sd / sqrt(n)},
 * centred on the step's throughput (ok requests over its whole window). The trap: the samples are not
 * independent. A closed step with c slots ends requests regularly, so a light second is followed by a
 * heavy one (negative correlation) and the interval comes out wider than the truth; a neighbour that
 * slows the machine for several seconds at a time makes them positively correlated and the interval
 * narrower. Neither sees a slowdown that lasts the whole step, which only a repeat at another time can
 * (docs/capacity-method.md, "Noise").
 */
public final class ThroughputSamples {

    /** t(0.975, df) for df = 1..30; beyond, {@link #t975(int)} uses the Cornish-Fisher expansion. */
    private static final double[] T975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
        2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
    };

    private ThroughputSamples() {}

    /**
     * The per-second throughput of each whole bucket of a step's series.
     *
     * @param series        the step's time series, or null (then no samples)
     * @param windowSeconds the step's window, first send to last answer
     */
    public static List<Double> of(TimeSeries series, double windowSeconds) {
        List<Double> samples = new ArrayList<>();
        if (series == null) {
            return samples;
        }
        double width = series.stepMs() / 1000.0;
        List<TimeSeries.Point> points = series.points();
        for (int i = 0; i < points.size() && (i + 1) * width <= windowSeconds + 1e-9; i++) {
            samples.add(points.get(i).ok() / width);
        }
        return samples;
    }

    /** Half-width of the 95% t-interval of the samples' mean; NaN with fewer than two samples. */
    public static double halfWidth(List<Double> samples) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mean = samples.stream().mapToDouble(Double::doubleValue).sum() / n;
        double squares =
                samples.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return t975(n - 1) * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }

    /** The 97.5% quantile of Student's t with {@code df} degrees of freedom (df >= 1). */
    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got: " + df);
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        double z3 = z * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96.0 * df * df);
    }
}
