package dev.ollamaperf.reports.budget;

import java.util.Objects;

/**
 * The outcome of one rule on one metric, for one check (absolute limit or tolerance against the baseline).
 *
 * @param rule the rule
 * @param metric the metric's name
 * @param check which part of the rule
 * @param outcome the result
 * @param message what was compared with what, e.g. {@code 1623 ms > limit <= 1500 ms}
 */
public record BudgetResult(BudgetRule rule, String metric, Check check, Outcome outcome, String message) {

  /** The part of a rule a result is about. */
  public enum Check {
    LIMIT, TOLERANCE
  }

  /** The result of a check. */
  public enum Outcome {
    /** The budget holds. */
    PASS,
    /** Broken, severity fail: the gate fails. */
    FAIL,
    /** Broken with severity warn, or a tolerance check whose evidence was inconclusive. */
    WARN,
    /** Could not be checked: a tolerance without a baseline, or a metric new since the baseline. */
    SKIPPED
  }

  public BudgetResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
  }

  /** Returns a stable identifier, {@code <metric> <check>}, used as the JUnit test case name. */
  public String id() {
    return metric + " " + check.name().toLowerCase(java.util.Locale.ROOT);
  }
}
