package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;

import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario against a fleet of Ollama nodes: one table, a row per node (requests, errors, TTFT and e2e p50/p95,
 * output tokens/s) and the balance of requests under it (max/mean, Jain's index). Empty for one node. The rows come
 * from the {@code load.<scenario>.fleet.*} metrics (the reports' {@code FleetReader}).
 */
final class HtmlFleetTable {

    private static final Pattern NODE = Pattern.compile("^load\\.([^.]+)\\.fleet\\.node([1-9][0-9]*)\\.(.+)$");

    /** The columns after the node: the metric after {@code node<k>.}, and its header. */
    private static final List<String[]> COLUMNS = List.of(
            new String[] {"requests", "requests"},
            new String[] {"errors.ratio", "errors"},
            new String[] {"ttft.p50", "TTFT p50"},
            new String[] {"ttft.p95", "TTFT p95"},
            new String[] {"e2e.p50", "e2e p50"},
            new String[] {"e2e.p95", "e2e p95"},
            new String[] {"output_tokens.tps", "output tokens/s"});

    private HtmlFleetTable() {}

    static String render(RunResult run, String scenario) {
        Map<Integer, Map<String, Metric>> nodes = new TreeMap<>();
        for (Metric m : run.metrics()) {
            Matcher x = NODE.matcher(m.name());
            if (x.matches() && x.group(1).equals(scenario)) {
                nodes.computeIfAbsent(Integer.parseInt(x.group(2)), k -> new TreeMap<>())
                        .put(x.group(3), m);
            }
        }
        if (nodes.isEmpty()) {
            return "";
        }
        List<String> header = new ArrayList<>(List.of("node"));
        COLUMNS.forEach(c -> header.add(c[1]));
        List<List<String>> rows = new ArrayList<>();
        String prefix = "load." + scenario + ".fleet.";
        nodes.forEach((k, metrics) -> {
            String endpoint = run.environment().getOrDefault(prefix + "node" + k + ".endpoint", "node " + k);
            List<String> row = new ArrayList<>(List.of(esc(endpoint)));
            for (String[] c : COLUMNS) {
                Metric m = metrics.get(c[0]);
                row.add(m == null ? "" : esc(c[0].equals("requests") ? Numbers.plain(m.value(), 6) : Html.value(m)));
            }
            rows.add(row);
        });
        return "<h4>Fleet: load per node</h4>\n" + Html.table("sortable fleet", header, rows, null)
                + "<p>Balance of requests: max/mean " + balance(run, prefix + "balance.max_over_mean")
                + ", Jain's index " + balance(run, prefix + "balance.jain") + " (1 = even)</p>\n";
    }

    private static String balance(RunResult run, String name) {
        Optional<Metric> metric =
                run.metrics().stream().filter(m -> m.name().equals(name)).findFirst();
        return metric.map(m -> Numbers.plain(m.value(), 3)).orElse("–");
    }
}
