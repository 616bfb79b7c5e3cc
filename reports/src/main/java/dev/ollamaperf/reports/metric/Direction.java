package dev.ollamaperf.reports.metric;

/** Which way a metric improves: the comparison and the budgets read "worse" through this. */
public enum Direction {
    /** Latencies, allocation, memory, error ratios: a smaller value is better. */
    LOWER_IS_BETTER,
    /** Throughput, tokens per second, goodput: a larger value is better. */
    HIGHER_IS_BETTER;

    /**
     * Returns how much worse {@code current} is than {@code reference}, as a signed difference: positive
     * means worse, negative means better, whatever the direction.
     */
    public double worsening(double reference, double current) {
        return this == LOWER_IS_BETTER ? current - reference : reference - current;
    }
}
