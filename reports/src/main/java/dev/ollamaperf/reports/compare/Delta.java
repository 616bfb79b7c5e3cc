package dev.ollamaperf.reports.compare;

import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Numbers;
import java.util.Locale;

/**
 * A change {@code current - baseline}, in the current metric's unit.
 *
 * @param absolute {@code current - baseline}, finite
 * @param interval interval of the difference (conservative: bounds subtracted crosswise), or {@code null}
 *     when neither side had one
 * @param relative {@code absolute / |baseline|}, or {@code null} when the baseline is 0
 */
public record Delta(double absolute, Interval interval, Double relative) {

    public Delta {
        if (!Double.isFinite(absolute)) {
            throw new IllegalArgumentException("delta must be finite, got: " + absolute);
        }
        if (relative != null && !Double.isFinite(relative)) {
            throw new IllegalArgumentException("relative delta must be finite or absent, got: " + relative);
        }
    }

    /** Returns a human-readable relative change such as {@code +12.3%}, or the absolute one when there is no relative. */
    public String describe() {
        return relative == null
                ? (absolute >= 0 ? "+" : "") + Numbers.plain(absolute, 4)
                : String.format(Locale.ROOT, "%+.1f%%", relative * 100);
    }
}
