package dev.ollamaperf.reports.capacity;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A latency objective a step must meet: a statistic of a latency histogram at most a limit, e.g.
 * {@code ttft.p95=1500ms} or {@code e2e.p99=10s}.
 *
 * @param latency   {@code ttft}, {@code ttft_server}, {@code inter_token}, {@code e2e}, {@code slot_wait} or
 *                  {@code queue_wait}
 * @param statistic {@code p50}, {@code p90}, {@code p95}, {@code p99}, {@code max} or {@code mean}
 * @param maxMillis the limit, ms, > 0
 */
public record Objective(String latency, String statistic, double maxMillis) {

    /** The latency histograms an objective may name. */
    public static final Set<String> LATENCIES =
            Set.of("ttft", "ttft_server", "inter_token", "e2e", "slot_wait", "queue_wait");

    private static final Set<String> STATISTICS = Set.of("p50", "p90", "p95", "p99", "max", "mean");
    private static final Pattern SYNTAX =
            Pattern.compile("([a-z0-9_]+)\\.([a-z0-9]+)\\s*(?:=|<=)\\s*([0-9.]+)\\s*(ms|s)");

    public Objective {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(statistic, "statistic");
        if (!LATENCIES.contains(latency)) {
            throw new IllegalArgumentException(
                    "objective latency must be one of " + new java.util.TreeSet<>(LATENCIES) + ", got: " + latency);
        }
        if (!STATISTICS.contains(statistic)) {
            throw new IllegalArgumentException("objective statistic must be one of "
                    + new java.util.TreeSet<>(STATISTICS) + ", got: " + statistic);
        }
        if (!(maxMillis > 0) || Double.isInfinite(maxMillis)) {
            throw new IllegalArgumentException("objective limit must be > 0 ms, got: " + maxMillis);
        }
    }

    /**
     * Parses {@code <latency>.<statistic>=<number><ms|s>}, e.g. {@code ttft.p95=1500ms}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static Objective parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("objective must look like ttft.p95=1500ms or e2e.p99=10s, got: " + text);
        }
        double value = Double.parseDouble(m.group(3)) * (m.group(4).equals("s") ? 1000 : 1);
        return new Objective(m.group(1), m.group(2), value);
    }

    /** The step's value of this objective's statistic, ms. */
    public double measured(CapacityStep step) {
        return step.latency(latency).get(statistic);
    }

    /** True when the step has this latency and it is within the limit. */
    public boolean metBy(CapacityStep step) {
        return step.latency(latency).count() > 0 && measured(step) <= maxMillis;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s.%s <= %s ms",
                latency,
                statistic,
                java.math.BigDecimal.valueOf(maxMillis).stripTrailingZeros().toPlainString());
    }
}
