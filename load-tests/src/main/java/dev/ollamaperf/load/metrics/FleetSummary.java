package dev.ollamaperf.load.metrics;

import dev.ollamaperf.results.NodeLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The terminal lines of a scenario run against a fleet: one per node (requests, errors, TTFT and e2e p50/p95 of its
 * whole answers, output tokens/s over the scenario's window) and the balance of requests (max/mean, Jain's index).
 */
public final class FleetSummary {

    private FleetSummary() {}

    /** The lines; none for a run against one node. */
    public static List<String> lines(List<NodeLoad> nodes, double windowSeconds) {
        List<String> lines = new ArrayList<>();
        if (nodes.isEmpty()) {
            return lines;
        }
        for (NodeLoad node : nodes) {
            Histogram ttft = node.ttft().decode();
            Histogram e2e = node.e2e().decode();
            lines.add(String.format(
                    Locale.ROOT,
                    "  node %s: %d requests, %d errors, TTFT p50 %.0f / p95 %.0f ms, e2e p50 %.0f / p95 %.0f ms,"
                            + " %.1f output tokens/s",
                    node.endpoint(),
                    node.requests(),
                    node.errors(),
                    millis(ttft, 50),
                    millis(ttft, 95),
                    millis(e2e, 50),
                    millis(e2e, 95),
                    windowSeconds <= 0 ? 0 : node.outputTokens() / windowSeconds));
        }
        NodeLoad.Balance balance = NodeLoad.Balance.of(nodes);
        lines.add(String.format(
                Locale.ROOT,
                "  balance of requests over %d nodes: max/mean %.2f, Jain's index %.3f (1 = even)",
                nodes.size(),
                balance.maxOverMean(),
                balance.jain()));
        return lines;
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }
}
