package dev.ollamaperf.reports.gate;

/** The gate's answer, with the exit code the CLI returns for it. */
public enum GateOutcome {
    /** Every fail-severity budget holds and the run is valid. */
    PASS(0),
    /** A fail-severity budget is broken (limit or regression beyond tolerance and noise), or the run is invalid. */
    FAIL(1),
    /** The gate could not judge: bad command line, unreadable input, broken budget file. */
    ERROR(2);

    private final int exitCode;

    GateOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    /** Returns the process exit code: 0, 1 or 2. */
    public int exitCode() {
        return exitCode;
    }
}
