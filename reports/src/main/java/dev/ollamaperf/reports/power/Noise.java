package dev.ollamaperf.reports.power;

import java.util.Objects;

/**
 * The noise of one run's value of a metric: the standard deviation it would have if the run were repeated.
 *
 * @param sigma the standard deviation, in the metric's unit, {@code >= 0}
 * @param source where it comes from
 * @param runs the history runs it was estimated from; 0 for {@link NoiseSource#WITHIN_RUN}
 */
public record Noise(double sigma, NoiseSource source, int runs) {

    public Noise {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise sigma must be finite and >= 0, got: " + sigma);
        }
        Objects.requireNonNull(source, "source");
        if (runs < 0) {
            throw new IllegalArgumentException("noise runs must be >= 0, got: " + runs);
        }
    }

    /** Returns the description the outputs print, e.g. {@code history, 12 runs} or {@code within-run}. */
    public String describe() {
        return source == NoiseSource.WITHIN_RUN ? source.label() : source.label() + ", " + runs + " runs";
    }
}
