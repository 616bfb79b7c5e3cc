package dev.ollamaperf.reports.power;

/** Where a metric's noise estimate comes from; printed next to every detectable regression. */
public enum NoiseSource {
    /** The run-to-run spread of earlier runs of the same length on this machine: the noise the gate really faces. */
    HISTORY("history"),
    /** The run-to-run spread of earlier runs of another length, scaled by 1/sqrt(requests) to this one. */
    HISTORY_SCALED("history, scaled"),
    /** The run's own interval: sees only the noise within one run, so it can be too optimistic (docs/power.md). */
    WITHIN_RUN("within-run");

    private final String label;

    NoiseSource(String label) {
        this.label = label;
    }

    /** Returns how the outputs name it. */
    public String label() {
        return label;
    }
}
