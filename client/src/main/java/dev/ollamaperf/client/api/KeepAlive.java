package dev.ollamaperf.client.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How long Ollama keeps a model loaded after a request: a non-negative duration, or forever.
 *
 * <p>On the wire it is written as a Go duration string ({@code "5m"}, {@code "300ms"}, {@code "0s"}), and
 * forever as {@code "-1m"}; Ollama rejects unitless strings such as {@code "3600"} (docs/ollama-api.md §1.6), so this
 * type never produces one. {@link #parse(String)} accepts what Ollama accepts, for the gateway's request side.
 *
 * @param duration how long to keep the model; {@code null} only when {@code forever} is true
 * @param forever  true for "never unload"
 */
public record KeepAlive(Duration duration, boolean forever) {

    /** Keep the model loaded until the server stops. */
    public static final KeepAlive FOREVER = new KeepAlive(null, true);
    /** Unload the model as soon as it has no requests in flight. */
    public static final KeepAlive UNLOAD_NOW = new KeepAlive(Duration.ZERO, false);

    public KeepAlive {
        if (forever) {
            if (duration != null) {
                throw new IllegalArgumentException("'keep_alive' forever must not carry a duration, got: " + duration);
            }
        } else {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("'keep_alive' must be >= 0 (use FOREVER), got: " + duration);
            }
        }
    }

    /** A keep-alive of the given non-negative duration. */
    public static KeepAlive of(Duration duration) {
        return new KeepAlive(duration, false);
    }

    /** The Go duration string Ollama parses, e.g. {@code "5m"}, {@code "1500ms"}, {@code "-1m"} for forever. */
    public String toWire() {
        if (forever) {
            return "-1m";
        }
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos + "ns";
    }

    /**
     * Parses a keep-alive as Ollama does: a Go duration string ({@code "10m"}, {@code "1h30m"}, {@code "-1m"}).
     * Negative means forever. A unitless string other than {@code "0"} is rejected, as Ollama rejects it.
     *
     * @throws IllegalArgumentException naming the value when it is not a Go duration
     */
    public static KeepAlive parse(String text) {
        long nanos = GoDuration.parseNanos(text);
        return nanos < 0 ? FOREVER : of(Duration.ofNanos(nanos));
    }

    /** A keep-alive given as a JSON number: seconds (fractions allowed), negative means forever. */
    public static KeepAlive ofSeconds(double seconds) {
        if (seconds < 0) {
            return FOREVER;
        }
        return of(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    @Override
    public String toString() {
        return toWire();
    }
}
