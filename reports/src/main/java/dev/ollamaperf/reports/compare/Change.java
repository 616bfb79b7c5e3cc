package dev.ollamaperf.reports.compare;

/** How a metric moved between the baseline and the current run; see {@link BaselineComparator} for the rule. */
public enum Change {
    /** Better by more than the tolerance, beyond the measurement noise. */
    IMPROVED,
    /** The whole interval of the change lies within the tolerance band. */
    UNCHANGED,
    /** Worse by more than the tolerance, beyond the measurement noise. */
    REGRESSED,
    /** The evidence cannot tell: the interval of the change straddles a tolerance bound, or units differ. */
    INCONCLUSIVE,
    /** Present now, absent from the baseline. */
    NEW,
    /** Present in the baseline, absent now. */
    MISSING
}
