package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.metric.Metric;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the structure back out of the stable metric names (README, "Names"), for the charts that group
 * metrics by scenario, model or benchmark. Model names contain dots and colons ({@code llama3.2:latest}),
 * so the patterns anchor on the known suffixes rather than splitting on dots.
 */
final class MetricNames {

    /** Latency histograms in the order the report shows them. */
    static final List<String> LATENCIES =
            List.of("ttft", "ttft_thinking", "thinking", "ttft_server", "inter_token", "e2e", "queue_wait");

    private static final Pattern LOAD_MODEL = Pattern.compile(
            "^load\\.([^.]+)\\.(.+)\\.(ttft|ttft_thinking|thinking|ttft_server|inter_token|e2e|queue_wait|output_tps)"
                    + "\\.(p[0-9.]+|mean|max|min)$");
    private static final Pattern LOAD_SCENARIO = Pattern.compile(
            "^load\\.([^.]+)\\.(throughput\\.rps|output_tokens\\.tps|errors\\.ratio|goodput\\.ratio|requests)$");
    private static final String ADDED = ".added";
    /** How a fleet node's metrics begin after the scenario: {@code load.<scenario>.fleet.node<k>.}. */
    static final String FLEET_NODE = "fleet.node";
    /** A conversation turn's metric: {@code load.<scenario>.<model>.turn<k>.<kind>.<statistic>}. */
    private static final Pattern LOAD_TURN = Pattern.compile(
            "^load\\.([^.]+)\\.(.+)\\.turn([1-9][0-9]*)\\.(ttft|e2e|prompt_eval|prompt_tokens|prompt_rate|requests)"
                    + "(?:\\.(p[0-9.]+|mean|max|min))?$");

    private static final Pattern TURN_SUFFIX = Pattern.compile("\\.turn[1-9][0-9]*$");
    private static final Pattern JMH = Pattern.compile("^jmh\\.(.+)\\.(time|thrpt|alloc)$");
    private static final Pattern SERVER = Pattern.compile("^server\\.(.+)\\.memory(\\.vram)?\\.bytes$");

    /** A per-model load metric: {@code load.<scenario>.<model>.<kind>.<statistic>}. */
    record LoadName(String scenario, String model, String kind, String statistic) {}

    /** A conversation turn's metric: {@code load.<scenario>.<model>.turn<k>.<kind>[.<statistic>]}; statistic "" for requests. */
    record TurnName(String scenario, String model, int turn, String kind, String statistic) {}

    /** A per-scenario load metric: {@code load.<scenario>.<what>}. */
    record ScenarioName(String scenario, String what) {}

    /** A JMH metric: {@code jmh.<benchmark>.<kind>}, kind {@code time}, {@code thrpt} or {@code alloc}. */
    record JmhName(String benchmark, String kind) {}

    /** A server memory metric: {@code server.<model>.memory[.vram].bytes}. */
    record ServerName(String model, boolean vram) {}

    private MetricNames() {}

    /** Orders latency kinds as {@link #LATENCIES} does, unknown ones last by name. */
    static int latencyOrder(String a, String b) {
        int ia = LATENCIES.indexOf(a);
        int ib = LATENCIES.indexOf(b);
        if (ia < 0 || ib < 0) {
            return ia >= 0 ? -1 : ib >= 0 ? 1 : a.compareTo(b);
        }
        return Integer.compare(ia, ib);
    }

    static Optional<LoadName> load(Metric m) {
        Matcher x = LOAD_MODEL.matcher(m.name());
        // load.<s>.<m>.added.<latency>.p50 is what the integration adds, not a latency of a model "<m>.added"; nor is
        // load.<s>.<m>.turn2.ttft.p50 one of a model "<m>.turn2", nor load.<s>.fleet.node1.ttft.p50 one of a model
        // "fleet.node1" (a fleet node's, FleetReader)
        return x.matches()
                        && !x.group(2).endsWith(ADDED)
                        && !TURN_SUFFIX.matcher(x.group(2)).find()
                        && !x.group(2).startsWith(FLEET_NODE)
                ? Optional.of(new LoadName(x.group(1), x.group(2), x.group(3), x.group(4)))
                : Optional.empty();
    }

    /** What the integration adds to a model's latency: {@code load.<scenario>.<model>.added.<latency>.p50}. */
    static Optional<LoadName> added(Metric m) {
        Matcher x = LOAD_MODEL.matcher(m.name());
        if (!x.matches() || !x.group(2).endsWith(ADDED)) {
            return Optional.empty();
        }
        String model = x.group(2).substring(0, x.group(2).length() - ADDED.length());
        return Optional.of(new LoadName(x.group(1), model, x.group(3), x.group(4)));
    }

    /** A metric of one turn of a session workload's conversations. */
    static Optional<TurnName> turn(Metric m) {
        Matcher x = LOAD_TURN.matcher(m.name());
        return x.matches()
                ? Optional.of(new TurnName(
                        x.group(1),
                        x.group(2),
                        Integer.parseInt(x.group(3)),
                        x.group(4),
                        x.group(5) == null ? "" : x.group(5)))
                : Optional.empty();
    }

    static Optional<ScenarioName> scenario(Metric m) {
        Matcher x = LOAD_SCENARIO.matcher(m.name());
        return x.matches() ? Optional.of(new ScenarioName(x.group(1), x.group(2))) : Optional.empty();
    }

    static Optional<JmhName> jmh(Metric m) {
        Matcher x = JMH.matcher(m.name());
        return x.matches() ? Optional.of(new JmhName(x.group(1), x.group(2))) : Optional.empty();
    }

    static Optional<ServerName> server(Metric m) {
        Matcher x = SERVER.matcher(m.name());
        return x.matches() ? Optional.of(new ServerName(x.group(1), x.group(2) != null)) : Optional.empty();
    }
}
