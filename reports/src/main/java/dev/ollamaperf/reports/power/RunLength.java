package dev.ollamaperf.reports.power;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate scenario's length as {@code --duration} writes it ({@code 20s}, {@code 2m}, {@code 1h}; a bare number
 * is seconds), for comparing and scaling lengths; anything else (a run that was not a gate run) has none.
 */
public final class RunLength {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(s|m|h)?");

    private RunLength() {}

    /** Returns the length, or empty when the text is no length this class knows. */
    public static Optional<Duration> parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    /** Returns the length as {@code --duration} takes it, in whole seconds, e.g. {@code 45s}. */
    public static String format(Duration d) {
        return d.toSeconds() + "s";
    }
}
