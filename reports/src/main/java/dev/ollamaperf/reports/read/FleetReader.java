package dev.ollamaperf.reports.read;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.HistogramMetrics;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.NodeLoad;
import dev.ollamaperf.results.ScenarioMetrics;
import java.util.List;
import java.util.Map;

/**
 * Turns a scenario's {@code nodes} block (a run against a fleet, docs/fleets.md) into metrics, for scenario {@code s}
 * and its k-th node (1-based, in {@code target.endpoints} order):
 *
 * <ul>
 *   <li>{@code load.s.fleet.node<k>.requests}, {@code .errors.ratio}, {@code .output_tokens.tps} (over the
 *       scenario's window) and {@code .ttft.p50/p95}, {@code .e2e.p50/p95} of its whole answers;</li>
 *   <li>{@code load.s.fleet.balance.max_over_mean}: the busiest node's requests over the mean (1 = even) and
 *       {@code load.s.fleet.balance.jain}: Jain's index of the requests per node (1 = even, 1/n = all on one).</li>
 * </ul>
 *
 * Each node's base URL is in the environment as {@code load.s.fleet.node<k>.endpoint} ({@link #environment}).
 */
final class FleetReader {

    private static final List<Statistic> MIDDLE_AND_TAIL = List.of(Statistic.percentile(50), Statistic.percentile(95));

    private FleetReader() {}

    static void metrics(ScenarioMetrics s, List<Metric> out) {
        String prefix = "load." + s.scenario() + ".fleet.";
        double seconds = s.window().seconds();
        List<NodeLoad> nodes = s.nodes();
        for (int k = 0; k < nodes.size(); k++) {
            NodeLoad node = nodes.get(k);
            String own = prefix + "node" + (k + 1) + ".";
            out.add(LoadReader.count(own + "requests", node.requests()));
            if (node.requests() > 0) {
                out.add(LoadReader.ratio(
                        own + "errors.ratio", node.errors(), node.requests(), Direction.LOWER_IS_BETTER));
            }
            out.add(new Metric(
                    own + "output_tokens.tps",
                    Unit.TOKENS_PER_SECOND,
                    Direction.HIGHER_IS_BETTER,
                    node.outputTokens() / seconds,
                    null,
                    node.requests() - node.errors(),
                    Statistic.RATE,
                    null,
                    "load"));
            latency(own + "ttft", node.ttft(), out);
            latency(own + "e2e", node.e2e(), out);
        }
        NodeLoad.Balance balance = NodeLoad.Balance.of(nodes);
        long requests = nodes.stream().mapToLong(NodeLoad::requests).sum();
        out.add(balanceMetric(prefix + "balance.max_over_mean", balance.maxOverMean(), requests));
        out.add(balanceMetric(prefix + "balance.jain", balance.jain(), requests));
    }

    /** {@code load.s.fleet.node<k>.endpoint} for each node of each fleet scenario. */
    static void environment(ScenarioMetrics s, Map<String, String> env) {
        for (int k = 0; k < s.nodes().size(); k++) {
            env.put(
                    "load." + s.scenario() + ".fleet.node" + (k + 1) + ".endpoint",
                    s.nodes().get(k).endpoint());
        }
    }

    private static Metric balanceMetric(String name, double value, long requests) {
        // max over mean is better low, Jain's index high; neither has an interval of its own
        Direction direction = name.endsWith("jain") ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
        return new Metric(name, Unit.RATIO, direction, value, null, requests, Statistic.RATIO, null, "load");
    }

    private static void latency(String name, HistogramData data, List<Metric> out) {
        if (data.count() == 0) {
            return;
        }
        EncodedHistogram h = new EncodedHistogram(Unit.NANOSECONDS, data.hdr());
        for (Statistic statistic : MIDDLE_AND_TAIL) {
            out.add(HistogramMetrics.of(
                    name + "." + statistic.code(), Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, statistic, h, "load"));
        }
    }
}
