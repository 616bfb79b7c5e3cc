package dev.ollamaperf.reports.gate;

import java.util.List;
import java.util.Objects;

/**
 * What the gate concluded and why.
 *
 * @param outcome pass, fail or error
 * @param reasons why it failed or errored (one line each); empty for a pass
 * @param warnings what a person should look at even on a pass (warn budgets, inconclusive checks,
 *     regressions of metrics no budget covers)
 */
public record GateVerdict(GateOutcome outcome, List<String> reasons, List<String> warnings) {

    public GateVerdict {
        Objects.requireNonNull(outcome, "outcome");
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        if ((outcome == GateOutcome.PASS) != reasons.isEmpty()) {
            throw new IllegalArgumentException(
                    "verdict " + outcome + " must have reasons exactly when not PASS, got: " + reasons);
        }
    }

    /** Returns an ERROR verdict, for input or configuration problems found before or while judging. */
    public static GateVerdict error(String reason) {
        return new GateVerdict(GateOutcome.ERROR, List.of(reason), List.of());
    }

    /** Returns the exit code for the CLI. */
    public int exitCode() {
        return outcome.exitCode();
    }
}
