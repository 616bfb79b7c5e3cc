package dev.ollamaperf.reports.modelcomparison;

/** How model A compares with model B in one metric. */
public enum ComparisonVerdict {
    /** A's interval lies entirely on the better side of B's. */
    BETTER,
    /** A's interval lies entirely on the worse side of B's. */
    WORSE,
    /** The intervals overlap, or one of them is too short to reach the confidence: no claim is made. */
    INDISTINGUISHABLE
}
