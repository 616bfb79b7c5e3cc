package dev.ollamaperf.cli;

import java.util.Optional;

/**
 * One step of the gate ({@link Gate} lists them in order). A step prints its own progress line, runs (a
 * child, or the reports in-process) and either lets the gate go on or ends it with an exit code.
 */
interface GateStep {

    /**
     * Runs the step.
     *
     * @return empty to go on with the next step, or the exit code that ends the gate
     */
    Optional<ExitCode> run(GateRun gate) throws Exception;

    /** Whether the step has a numbered progress line ({@code [gate 2/5 ...]}) in a gate with these settings. */
    default boolean numbered(GateSettings settings) {
        return true;
    }

    /** Whether the step still runs after a Ctrl-C: only what reports what was measured. */
    default boolean runsAfterInterrupt() {
        return false;
    }

    /** Whether the step still runs after the target stopped answering ({@link GateRun#targetLost()}): the report. */
    default boolean runsAfterTargetLost() {
        return false;
    }
}
