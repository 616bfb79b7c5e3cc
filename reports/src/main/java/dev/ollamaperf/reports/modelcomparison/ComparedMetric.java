package dev.ollamaperf.reports.modelcomparison;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Unit;

/**
 * The per-model measurements a model comparison ranks, each the median of a load histogram with
 * its direction (lower TTFT is better, higher tokens/s is better).
 */
public enum ComparedMetric {
    /** Time to first token, client-observed. */
    TTFT("ttft", "time to first token", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, false),
    /** Gaps between streamed tokens; many per request, so the interval uses the request count as sample size. */
    INTER_TOKEN("inter_token", "inter-token latency", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, true),
    /** Output tokens per second of one request ({@code eval_count / eval_duration}). */
    OUTPUT_TPS("output_tps", "output tokens/s per request", Unit.TOKENS_PER_SECOND, Direction.HIGHER_IS_BETTER, false),
    /** End-to-end latency of a whole answer. */
    E2E("e2e", "end-to-end latency", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, false);

    private final String key;
    private final String label;
    private final Unit unit;
    private final Direction direction;
    private final boolean clustered;

    ComparedMetric(String key, String label, Unit unit, Direction direction, boolean clustered) {
        this.key = key;
        this.label = label;
        this.unit = unit;
        this.direction = direction;
        this.clustered = clustered;
    }

    /** The histogram's name in metrics.json and in metric names ({@code load.<s>.<model>.<key>.p50}). */
    public String key() {
        return key;
    }

    /** A human label, e.g. "time to first token". */
    public String label() {
        return label;
    }

    /** The unit estimates are given in. */
    public Unit unit() {
        return unit;
    }

    /** Whether lower or higher is better. */
    public Direction direction() {
        return direction;
    }

    /** True when samples come many per request (their interval uses the request count as sample size). */
    public boolean clustered() {
        return clustered;
    }

    /** True when {@code a} is better than {@code b} in this metric's direction. */
    boolean better(double a, double b) {
        return direction == Direction.LOWER_IS_BETTER ? a < b : a > b;
    }
}
