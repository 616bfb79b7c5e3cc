package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.Intervals;
import dev.ollamaperf.reports.metric.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Estimates the run-to-run noise of a metric (docs/power.md, "Where the noise comes from"), preferring what
 * the history saw over what the run saw of itself:
 *
 * <ol>
 *   <li>a length-dependent metric (a load percentile, mean or ratio) with at least {@link Spread#MIN_RUNS}
 *       history runs of the current length: their spread ({@link NoiseSource#HISTORY});
 *   <li>such a metric with enough runs of another length: that spread scaled by sqrt(other length / this
 *       length) ({@link NoiseSource#HISTORY_SCALED});
 *   <li>any other metric with enough runs of any length: their spread ({@link NoiseSource#HISTORY});
 *   <li>otherwise the run's own interval: its half-width over the normal quantile of its confidence
 *       ({@link NoiseSource#WITHIN_RUN});
 *   <li>otherwise nothing: the noise is unknown.
 * </ol>
 */
public final class NoiseEstimator {

    /**
     * Returns the noise of {@code current}.
     *
     * @param past the metric's values in comparable history runs
     * @param length the current run's scenario length, or empty when it is not known (not a gate run)
     */
    public Optional<Noise> of(Metric current, List<PastValue> past, Optional<Duration> length) {
        if (Spread.scalesWithLength(current.statistic())) {
            if (length.isPresent()) {
                Optional<Spread> same = Spread.at(past, length.get(), current.unit());
                if (same.isPresent()) {
                    return Optional.of(new Noise(
                            same.get().sigma(), NoiseSource.HISTORY, same.get().runs()));
                }
                Optional<Spread> other = Spread.best(past, current.unit());
                if (other.isPresent()) {
                    return Optional.of(new Noise(
                            other.get().sigmaAt(length.get()),
                            NoiseSource.HISTORY_SCALED,
                            other.get().runs()));
                }
            }
        } else {
            Optional<Spread> any = Spread.pooled(past, current.unit());
            if (any.isPresent()) {
                return Optional.of(new Noise(
                        any.get().sigma(), NoiseSource.HISTORY, any.get().runs()));
            }
        }
        return current.interval()
                .map(i -> new Noise(
                        Math.max(current.value() - i.low(), i.high() - current.value()) / Intervals.z(i.confidence()),
                        NoiseSource.WITHIN_RUN,
                        0));
    }
}
