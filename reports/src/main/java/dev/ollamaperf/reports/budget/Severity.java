package dev.ollamaperf.reports.budget;

/** What a broken budget does to the verdict. */
public enum Severity {
    /** Fails the gate (exit code 1). */
    FAIL,
    /** Reported, never fails the gate. */
    WARN
}
