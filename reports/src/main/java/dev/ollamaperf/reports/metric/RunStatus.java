package dev.ollamaperf.reports.metric;

/** Whether a run judged its own measurements trustworthy (docs/style.md #19). */
public enum RunStatus {
    /** Every source met its own conditions (target rate reached, no missing responses...). */
    VALID,
    /** At least one source flagged itself; the reasons say which and why. An invalid run never passes the gate. */
    INVALID
}
