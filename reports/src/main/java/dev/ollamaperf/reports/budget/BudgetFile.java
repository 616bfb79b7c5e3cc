package dev.ollamaperf.reports.budget;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed budget file.
 *
 * @param file where it was read from (named in every error)
 * @param defaultTolerance tolerance for metrics no rule with a tolerance selects ({@code defaults.tolerance},
 *     else {@link #DEFAULT_TOLERANCE}); such metrics' regressions are reported but never fail the gate
 * @param rules the rules, in file order
 */
public record BudgetFile(Path file, double defaultTolerance, List<BudgetRule> rules) {

    /** Default location, relative to the project root; the CLI's {@code --budgets} overrides it. */
    public static final String DEFAULT_LOCATION = "perf-budgets.yaml";

    /** Tolerance used when the file sets no default: 10%. */
    public static final double DEFAULT_TOLERANCE = 0.10;

    public BudgetFile {
        Objects.requireNonNull(file, "file");
        rules = List.copyOf(rules);
        if (!(defaultTolerance >= 0) || Double.isInfinite(defaultTolerance)) {
            throw new IllegalArgumentException("default tolerance must be finite and >= 0, got: " + defaultTolerance);
        }
    }

    /**
     * Returns the tolerance of the first rule with a tolerance that selects {@code metric}, else the default.
     * A metric a rule excludes does not get that rule's tolerance: the rule does not cover it.
     */
    public double toleranceFor(String metric) {
        return rules.stream()
                .filter(r -> r.tolerance() != null && r.selects(metric))
                .map(BudgetRule::tolerance)
                .findFirst()
                .orElse(defaultTolerance);
    }

    /**
     * Returns whether a rule leaves {@code metric} out explicitly (its selector matches, one of its excludes
     * too): such metrics, e.g. peer libraries' JMH rows, are reported for comparison and never judged.
     */
    public boolean excludes(String metric) {
        return rules.stream().anyMatch(r -> r.selector().matches(metric) && !r.selects(metric));
    }
}
