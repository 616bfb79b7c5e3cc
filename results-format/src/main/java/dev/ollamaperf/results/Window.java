package dev.ollamaperf.results;

import java.time.Duration;
import java.time.Instant;

/**
 * The measurement window of a scenario (after warm-up), ISO-8601 UTC instants.
 *
 * @param start first intended send time counted
 * @param end last completion counted; after {@code start}
 */
public record Window(String start, String end) {

    public Window {
        Instant s = Checks.instant(start, "window.start");
        Instant e = Checks.instant(end, "window.end");
        if (!e.isAfter(s)) {
            throw new IllegalArgumentException(
                    "'window.end' must be after 'window.start', got: " + start + " .. " + end);
        }
    }

    /** Returns the window length in seconds. */
    public double seconds() {
        return Duration.between(Instant.parse(start), Instant.parse(end)).toNanos() / 1e9;
    }

    /** Returns the smallest window that covers both. */
    public Window union(Window other) {
        Instant s = min(Instant.parse(start), Instant.parse(other.start));
        Instant e = max(Instant.parse(end), Instant.parse(other.end));
        return new Window(s.toString(), e.toString());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
