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
 * @param skip why the check could not be made when {@code outcome} is {@link Outcome#SKIPPED}, else {@code null}
 */
public record BudgetResult(BudgetRule rule, String metric, Check check, Outcome outcome, String message, Skip skip) {

    /** The part of a rule a result is about. */
    public enum Check {
        LIMIT,
        TOLERANCE
    }

    /** The result of a check. */
    public enum Outcome {
        /** The budget holds. */
        PASS,
        /** Broken, severity fail: the gate fails. */
        FAIL,
        /** Broken with severity warn, or a tolerance check whose evidence was inconclusive. */
        WARN,
        /** Could not be checked: a tolerance without a baseline, a metric new since the baseline, or a part not measured. */
        SKIPPED
    }

    /**
     * Why a check was skipped. Kept apart from the message so the reports can fold the skipped checks into
     * one line per reason and say what makes them run.
     */
    public enum Skip {
        /** The run was judged without a baseline: a tolerance has nothing to compare with. */
        NO_BASELINE,
        /** The baseline has no value of the metric (new since then, or renamed): nothing to compare with. */
        NOT_IN_BASELINE,
        /**
         * The run measured nothing of the part of the run the rule is about (e.g. a folder of one load scenario
         * judged with the gate's budgets): the result is about the rule, and its metric is the rule's selector.
         */
        NOT_MEASURED,
        /**
         * An {@code optional} rule found none of its metrics (e.g. the integration's metrics in a direct run): the
         * run does not have them by design, so nothing is said aloud; the metric is the rule's selector.
         */
        NOT_PRESENT,
        /**
         * An absolute limit on a JMH metric of a gate whose JMH preset was {@code smoke} (every benchmark once,
         * in-process, without warm-up): such numbers prove that the benchmark runs and measure nothing (a streamed
         * call allocates 50 to 100 times its warmed-up bytes there), so a limit on them would only fail by chance.
         */
        NOT_WARMED_UP
    }

    public BudgetResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        if ((outcome == Outcome.SKIPPED) != (skip != null)) {
            throw new IllegalArgumentException(
                    "a SKIPPED result needs a skip reason, and only a SKIPPED one has one; got " + outcome
                            + " with reason " + skip + " for '" + metric + "'");
        }
    }

    /** A check that was made: PASS, FAIL or WARN. */
    public BudgetResult(BudgetRule rule, String metric, Check check, Outcome outcome, String message) {
        this(rule, metric, check, outcome, message, null);
    }

    /** A check that could not be made, for {@code reason}. */
    public static BudgetResult skipped(BudgetRule rule, String metric, Check check, Skip reason, String message) {
        return new BudgetResult(
                rule, metric, check, Outcome.SKIPPED, message, Objects.requireNonNull(reason, "reason"));
    }

    /** Returns a stable identifier, {@code <metric> <check>}, used as the JUnit test case name. */
    public String id() {
        return metric + " " + check.name().toLowerCase(java.util.Locale.ROOT);
    }
}
