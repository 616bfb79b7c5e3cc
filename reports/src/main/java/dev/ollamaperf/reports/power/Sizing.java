package dev.ollamaperf.reports.power;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How long one budgeted load metric's scenario must run for its MDR to reach the target.
 *
 * @param metric the metric's name
 * @param scenario the load scenario that measures it ({@code load.<scenario>.})
 * @param needed the shortest length that reaches the target, or {@code null} when none within the cap does
 * @param best the relative MDR at the cap ({@code 0.12} = 12%), or {@code NaN} when the noise is unknown
 * @param why what limits it, or how its noise was estimated, in words
 */
public record Sizing(String metric, String scenario, Duration needed, double best, String why) {

    public Sizing {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(why, "why");
    }

    /** Returns the length that reaches the target, empty when it cannot be reached within the cap. */
    public Optional<Duration> reachable() {
        return Optional.ofNullable(needed);
    }

    /** Returns the line the gate prints. */
    public String describe() {
        String at = Double.isNaN(best) ? "" : String.format(Locale.ROOT, ", +%.1f%% at the cap", best * 100);
        return metric + ": " + (needed == null ? "cannot" : "needs " + RunLength.format(needed)) + " (" + why + at
                + ")";
    }
}
