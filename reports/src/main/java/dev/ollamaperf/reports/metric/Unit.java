package dev.ollamaperf.reports.metric;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The closed vocabulary of units a metric, a histogram or a budget limit may use.
 *
 * <p>Each unit has a factor to its dimension's base (seconds, bytes, operations per second...);
 * binary multiples are used for bytes ({@code KB} = 1024 B), as the JVM's tools do. Symbols are
 * case-sensitive except for the aliases listed.
 */
public enum Unit {
    NANOSECONDS("ns", Dimension.TIME, 1e-9),
    MICROSECONDS("us", Dimension.TIME, 1e-6, "µs"),
    MILLISECONDS("ms", Dimension.TIME, 1e-3),
    SECONDS("s", Dimension.TIME, 1, "sec"),
    MINUTES("min", Dimension.TIME, 60),

    NANOSECONDS_PER_OP("ns/op", Dimension.TIME_PER_OP, 1e-9),
    MICROSECONDS_PER_OP("us/op", Dimension.TIME_PER_OP, 1e-6, "µs/op"),
    MILLISECONDS_PER_OP("ms/op", Dimension.TIME_PER_OP, 1e-3),
    SECONDS_PER_OP("s/op", Dimension.TIME_PER_OP, 1),
    MINUTES_PER_OP("min/op", Dimension.TIME_PER_OP, 60),

    OPS_PER_NANOSECOND("ops/ns", Dimension.OPS_RATE, 1e9),
    OPS_PER_MICROSECOND("ops/us", Dimension.OPS_RATE, 1e6, "ops/µs"),
    OPS_PER_MILLISECOND("ops/ms", Dimension.OPS_RATE, 1e3),
    OPS_PER_SECOND("ops/s", Dimension.OPS_RATE, 1, "ops/sec"),
    OPS_PER_MINUTE("ops/min", Dimension.OPS_RATE, 1.0 / 60),

    BYTES("B", Dimension.BYTES, 1, "bytes"),
    KILOBYTES("KB", Dimension.BYTES, 1024, "KiB"),
    MEGABYTES("MB", Dimension.BYTES, 1024.0 * 1024, "MiB"),
    GIGABYTES("GB", Dimension.BYTES, 1024.0 * 1024 * 1024, "GiB"),

    BYTES_PER_OP("B/op", Dimension.BYTES_PER_OP, 1),
    KILOBYTES_PER_OP("KB/op", Dimension.BYTES_PER_OP, 1024),
    MEGABYTES_PER_OP("MB/op", Dimension.BYTES_PER_OP, 1024.0 * 1024),

    BYTES_PER_SECOND("B/s", Dimension.BYTE_RATE, 1),
    MEGABYTES_PER_SECOND("MB/s", Dimension.BYTE_RATE, 1024.0 * 1024, "MB/sec"),
    /** For slow growth such as a heap's over a long run, where B/s would be a tiny fraction. */
    MEGABYTES_PER_HOUR("MB/h", Dimension.BYTE_RATE, 1024.0 * 1024 / 3600, "MiB/h"),

    TOKENS_PER_SECOND("tokens/s", Dimension.TOKEN_RATE, 1, "tok/s"),
    /** Thousandths of a token per second: lets an integer histogram hold per-request token rates. */
    MILLITOKENS_PER_SECOND("mtok/s", Dimension.TOKEN_RATE, 1e-3),
    /** For prompt evaluation, thousands of tokens per second. */
    TOKENS_PER_MILLISECOND("tokens/ms", Dimension.TOKEN_RATE, 1e3, "tok/ms"),

    REQUESTS_PER_SECOND("req/s", Dimension.REQUEST_RATE, 1, "rps"),
    REQUESTS_PER_MINUTE("req/min", Dimension.REQUEST_RATE, 1.0 / 60, "rpm"),

    RATIO("ratio", Dimension.RATIO, 1),
    PERCENT("%", Dimension.RATIO, 0.01),

    COUNT("count", Dimension.COUNT, 1);

    private final String symbol;
    private final Dimension dimension;
    private final double factor;
    private final List<String> aliases;

    Unit(String symbol, Dimension dimension, double factor, String... aliases) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.factor = factor;
        this.aliases = List.of(aliases);
    }

    /** Returns the symbol written in files and reports, e.g. {@code ms} or {@code B/op}. */
    public String symbol() {
        return symbol;
    }

    /** Returns what this unit measures. */
    public Dimension dimension() {
        return dimension;
    }

    /**
     * Returns the unit with this symbol or alias.
     *
     * @throws IllegalArgumentException naming the symbol and the known symbols when there is none
     */
    public static Unit parse(String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        String s = symbol.trim();
        for (Unit unit : values()) {
            if (unit.symbol.equals(s) || unit.aliases.contains(s)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("unknown unit '" + symbol + "'; known: "
                + Arrays.stream(values()).map(Unit::symbol).collect(Collectors.joining(", ")));
    }

    /** Returns whether a value in this unit can be expressed in {@code other}. */
    public boolean convertibleTo(Unit other) {
        return dimension == other.dimension;
    }

    /**
     * Converts a value in this unit into {@code target}.
     *
     * @throws IllegalArgumentException if the units measure different things
     */
    public double convert(double value, Unit target) {
        if (!convertibleTo(target)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "unit '%s' (%s) cannot be converted to '%s' (%s)",
                    symbol,
                    dimension,
                    target.symbol,
                    target.dimension));
        }
        return this == target ? value : value * factor / target.factor;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
