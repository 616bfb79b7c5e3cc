package dev.ollamaperf.reports.budget;

import dev.ollamaperf.reports.metric.Unit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An absolute limit such as {@code <= 1500 ms}, {@code <= 2048 B/op}, {@code >= 5 req/s} or {@code <= 0.01}.
 *
 * @param bound the comparison
 * @param value the limit's number, finite
 * @param unit the limit's unit, or {@code null} for a bare number, allowed only for ratio and count metrics
 */
public record Limit(Bound bound, double value, Unit unit) {

    private static final Pattern SYNTAX =
            Pattern.compile("^(<=|<|>=|>)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(\\S.*)?$");

    /** The comparison of a limit. */
    public enum Bound {
        AT_MOST("<="),
        BELOW("<"),
        AT_LEAST(">="),
        ABOVE(">");

        private final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        /** Returns {@code <=}, {@code <}, {@code >=} or {@code >}. */
        public String symbol() {
            return symbol;
        }

        boolean holds(double actual, double limit) {
            return switch (this) {
                case AT_MOST -> actual <= limit;
                case BELOW -> actual < limit;
                case AT_LEAST -> actual >= limit;
                case ABOVE -> actual > limit;
            };
        }

        static Bound of(String symbol) {
            for (Bound b : values()) {
                if (b.symbol.equals(symbol)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("unknown comparison '" + symbol + "'");
        }
    }

    public Limit {
        Objects.requireNonNull(bound, "bound");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("limit value must be finite, got: " + value);
        }
    }

    /**
     * Parses {@code <op> <number> [unit]}.
     *
     * @throws IllegalArgumentException naming the text and the expected shape, or the unknown unit
     */
    public static Limit parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("limit must look like '<= 1500 ms' (one of <=, <, >=, >, a number, "
                    + "an optional unit), got: '" + text + "'");
        }
        Unit unit = m.group(3) == null ? null : Unit.parse(m.group(3));
        return new Limit(Bound.of(m.group(1)), Double.parseDouble(m.group(2)), unit);
    }

    /** Returns whether {@code actual} (in {@code unit}, already converted) satisfies the limit. */
    public boolean holds(double actualInLimitUnit) {
        return bound.holds(actualInLimitUnit, value);
    }

    @Override
    public String toString() {
        String number = String.format(
                Locale.ROOT,
                "%s",
                java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        return bound.symbol + " " + number + (unit == null ? "" : " " + unit.symbol());
    }
}
