package dev.ollamaperf.reports.metric;

import java.math.BigDecimal;
import java.math.MathContext;

/** Locale-independent number text for messages and reports: the same bytes under every locale. */
public final class Numbers {

    private Numbers() {}

    /** Returns {@code value} rounded to 6 significant digits, without exponent or trailing zeros: {@code 1623.42}. */
    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Returns {@code value} rounded to {@code digits} significant digits, as {@link #plain(double)}. */
    public static String plain(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value)
                .round(new MathContext(digits))
                .stripTrailingZeros()
                .toPlainString();
    }
}
