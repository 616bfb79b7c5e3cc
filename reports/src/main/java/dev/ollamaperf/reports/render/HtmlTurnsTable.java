package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;

import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.render.MetricNames.TurnName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session workload's conversation turns, one table per scenario: per model and turn, the requests, TTFT and end to
 * end (p50, p95), the prompt tokens the server reported and its prompt evaluation (time, tokens per ms), so turn 1
 * and turn 5 read side by side. Empty for a scenario without turns.
 */
final class HtmlTurnsTable {

    /** The columns after model and turn: the metric's kind and statistic, and its header. */
    private static final List<String[]> COLUMNS = List.of(
            new String[] {"requests", "", "requests"},
            new String[] {"ttft", "p50", "TTFT p50"},
            new String[] {"ttft", "p95", "TTFT p95"},
            new String[] {"e2e", "p50", "e2e p50"},
            new String[] {"e2e", "p95", "e2e p95"},
            new String[] {"prompt_tokens", "p50", "prompt tokens p50"},
            new String[] {"prompt_eval", "p50", "prompt eval p50"},
            new String[] {"prompt_rate", "mean", "prompt eval rate, mean"});

    private HtmlTurnsTable() {}

    static String render(RunResult run, String scenario) {
        // model -> turn -> "kind.statistic" -> metric
        Map<String, Map<Integer, Map<String, Metric>>> turns = new TreeMap<>();
        for (Metric m : run.metrics()) {
            TurnName n = MetricNames.turn(m).orElse(null);
            if (n != null && n.scenario().equals(scenario)) {
                turns.computeIfAbsent(n.model(), k -> new TreeMap<>())
                        .computeIfAbsent(n.turn(), k -> new TreeMap<>())
                        .put(n.kind() + "." + n.statistic(), m);
            }
        }
        if (turns.isEmpty()) {
            return "";
        }
        List<String> header = new ArrayList<>(List.of("model", "turn"));
        COLUMNS.forEach(c -> header.add(c[2]));
        List<List<String>> rows = new ArrayList<>();
        turns.forEach((model, byTurn) -> byTurn.forEach((turn, metrics) -> {
            List<String> row = new ArrayList<>(List.of(esc(model), Integer.toString(turn)));
            for (String[] c : COLUMNS) {
                Metric m = metrics.get(c[0] + "." + c[1]);
                // counts (requests, prompt tokens) without the unit's name
                row.add(m == null ? "" : esc(m.unit() == Unit.COUNT ? Numbers.plain(m.value(), 4) : Html.value(m)));
            }
            rows.add(row);
        }));
        return "<h4>Conversation turns (each turn carries the history before it)</h4>\n"
                + Html.table("sortable turns", header, rows, null);
    }
}
