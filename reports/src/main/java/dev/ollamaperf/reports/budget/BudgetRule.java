package dev.ollamaperf.reports.budget;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a budget file.
 *
 * @param selector which metrics it applies to
 * @param excludes which of those it leaves out (e.g. peer libraries' JMH rows, measured for comparison
 *     but not ours to gate); empty when none
 * @param limit absolute limit, or {@code null}
 * @param tolerance allowed relative worsening against the baseline ({@code 0.10} = 10%), or {@code null};
 *     at least one of {@code limit} and {@code tolerance} is set
 * @param severity what breaking it does
 * @param reason why the budget exists (shown next to a failure); may be empty
 * @param line 1-based line of the rule in its file
 */
public record BudgetRule(
        Selector selector,
        List<Selector> excludes,
        Limit limit,
        Double tolerance,
        Severity severity,
        String reason,
        int line,
        boolean optional) {

    /** A rule that must find its metrics. */
    public BudgetRule(
            Selector selector,
            List<Selector> excludes,
            Limit limit,
            Double tolerance,
            Severity severity,
            String reason,
            int line) {
        this(selector, excludes, limit, tolerance, severity, reason, line, false);
    }

    public BudgetRule {
        Objects.requireNonNull(selector, "selector");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        if (limit == null && tolerance == null) {
            throw new IllegalArgumentException("rule '" + selector + "' needs a 'limit', a 'tolerance' or both");
        }
        if (tolerance != null && (!(tolerance >= 0) || tolerance.isInfinite())) {
            throw new IllegalArgumentException(
                    "rule '" + selector + "' tolerance must be finite and >= 0, got: " + tolerance);
        }
    }

    /** Returns whether the rule applies to the metric named {@code metric}: the selector matches it, no exclude does. */
    public boolean selects(String metric) {
        return selector.matches(metric) && excludes.stream().noneMatch(e -> e.matches(metric));
    }

    /** Returns the absolute limit if any. */
    public Optional<Limit> absolute() {
        return Optional.ofNullable(limit);
    }

    /** Returns the relative tolerance if any. */
    public Optional<Double> relative() {
        return Optional.ofNullable(tolerance);
    }
}
