package dev.ollamaperf.reports.metric;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * What a metric's value is a statistic of; it decides how results of several injectors merge.
 *
 * <p>Written as a short code: {@code p95}, {@code p99.9}, {@code mean}, {@code max}, {@code min}
 * (recomputed from the merged histogram), {@code count}, {@code rate} (summed), {@code ratio}
 * (weighted by its sample count, the ratio's denominator), {@code score}, {@code value} (not mergeable).
 *
 * @param kind the kind of statistic
 * @param percentile for {@link Kind#PERCENTILE} the percentile in (0, 100], otherwise 0
 */
public record Statistic(Kind kind, double percentile) {

    /** The kinds of statistic, grouped by how they merge. */
    public enum Kind {
        PERCENTILE,
        MEAN,
        MAX,
        MIN,
        COUNT,
        RATE,
        RATIO,
        SCORE,
        VALUE;

        /** Returns whether merging recomputes this statistic from a merged histogram. */
        public boolean fromHistogram() {
            return this == PERCENTILE || this == MEAN || this == MAX || this == MIN;
        }
    }

    public static final Statistic MEAN = new Statistic(Kind.MEAN, 0);
    public static final Statistic MAX = new Statistic(Kind.MAX, 0);
    public static final Statistic MIN = new Statistic(Kind.MIN, 0);
    public static final Statistic COUNT = new Statistic(Kind.COUNT, 0);
    public static final Statistic RATE = new Statistic(Kind.RATE, 0);
    public static final Statistic RATIO = new Statistic(Kind.RATIO, 0);
    public static final Statistic SCORE = new Statistic(Kind.SCORE, 0);
    public static final Statistic VALUE = new Statistic(Kind.VALUE, 0);

    public Statistic {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.PERCENTILE && !(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got: " + percentile);
        }
        if (kind != Kind.PERCENTILE && percentile != 0) {
            throw new IllegalArgumentException("percentile must be 0 for statistic " + kind + ", got: " + percentile);
        }
    }

    /** Returns the statistic for a percentile, e.g. {@code percentile(99.9)}. */
    public static Statistic percentile(double percentile) {
        return new Statistic(Kind.PERCENTILE, percentile);
    }

    /**
     * Parses a code such as {@code p95}, {@code p99.9} or {@code mean}.
     *
     * @throws IllegalArgumentException naming the code when it is not one
     */
    public static Statistic parse(String code) {
        Objects.requireNonNull(code, "code");
        if (code.startsWith("p") && code.length() > 1) {
            try {
                return percentile(Double.parseDouble(code.substring(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("statistic '" + code + "' is not p<number>", e);
            }
        }
        for (Kind kind : Kind.values()) {
            if (kind != Kind.PERCENTILE && kind.name().toLowerCase(Locale.ROOT).equals(code)) {
                return new Statistic(kind, 0);
            }
        }
        throw new IllegalArgumentException("unknown statistic '" + code
                + "'; expected p<number>, mean, max, min, count, rate, ratio, score or value");
    }

    /** Returns the code, as {@link #parse} reads it and as it ends metric names ({@code p99.9}). */
    public String code() {
        if (kind == Kind.PERCENTILE) {
            return "p" + BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
        }
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return code();
    }
}
