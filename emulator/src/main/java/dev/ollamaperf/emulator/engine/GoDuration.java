package dev.ollamaperf.emulator.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} and {@code time.Duration.String}, as Ollama uses them for
 * {@code keep_alive}, {@code OLLAMA_KEEP_ALIVE} and the profile catalogue's durations.
 *
 * <p>Accepted: an optional sign, then one or more {@code <decimal><unit>} terms with units
 * {@code ns}, {@code us}, {@code µs}, {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h}
 * ({@code "6.2s"}, {@code "1h30m"}, {@code "-1m"}); the bare string {@code "0"} is also accepted.
 * A unitless number such as {@code "3600"} is rejected exactly as Go rejects it
 * ({@code time: missing unit in duration "3600"}); callers that accept bare seconds (the
 * environment variable) handle that case themselves.
 */
public final class GoDuration {

    /** What Ollama stores for "forever": {@code math.MaxInt64} nanoseconds (about 292 years). */
    public static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns",
            1L,
            "us",
            1_000L,
            "\u00b5s",
            1_000L,
            "\u03bcs",
            1_000L,
            "ms",
            1_000_000L,
            "s",
            1_000_000_000L,
            "m",
            60_000_000_000L,
            "h",
            3_600_000_000_000L);

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {}

    /**
     * Parses a Go duration string.
     *
     * @param text e.g. "10m", "1.5s", "-1m", "0"
     * @return the duration (may be negative)
     * @throws IllegalArgumentException with Go's message when the text is not a Go duration
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("time: invalid duration \"null\"");
        }
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
            }
            Long nanosPerUnit = UNIT_NANOS.get(unit);
            if (nanosPerUnit == null) {
                throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            }
            String normalized = number.endsWith(".") ? number + "0" : number;
            normalized = normalized.startsWith(".") ? "0" + normalized : normalized;
            totalNanos = totalNanos.add(new BigDecimal(normalized).multiply(BigDecimal.valueOf(nanosPerUnit)));
        }
        BigInteger nanos = totalNanos.toBigInteger();
        if (nanos.compareTo(MAX) > 0) {
            throw invalid(text);
        }
        long value = nanos.longValueExact();
        return Duration.ofNanos(negative ? -value : value);
    }

    /**
     * Formats like Go's {@code Duration.String}: "6.2s", "150ms", "5m0s", "1h30m0s", "0s".
     *
     * @param duration any duration whose nanoseconds fit in a long
     * @return the Go spelling
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigDecimal abs = BigDecimal.valueOf(nanos).abs();
        if (abs.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            if (abs.compareTo(BigDecimal.valueOf(1_000L)) < 0) {
                return sign + abs.toPlainString() + "ns";
            }
            if (abs.compareTo(BigDecimal.valueOf(1_000_000L)) < 0) {
                return sign + plain(abs.movePointLeft(3)) + "\u00b5s";
            }
            return sign + plain(abs.movePointLeft(6)) + "ms";
        }
        BigInteger[] hours = abs.toBigInteger().divideAndRemainder(BigInteger.valueOf(3_600_000_000_000L));
        BigInteger[] minutes = hours[1].divideAndRemainder(BigInteger.valueOf(60_000_000_000L));
        String seconds = plain(new BigDecimal(minutes[1]).movePointLeft(9)) + "s";
        if (hours[0].signum() > 0) {
            return sign + hours[0] + "h" + minutes[0] + "m" + seconds;
        }
        if (minutes[0].signum() > 0) {
            return sign + minutes[0] + "m" + seconds;
        }
        return sign + seconds;
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
}
