package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.render.MetricNames.JmhName;
import dev.ollamaperf.reports.render.MetricNames.ServerName;
import dev.ollamaperf.reports.render.SvgCharts.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JMH part of the HTML report (time, throughput and B/op bars with JMH's 99.9% error and, with a
 * baseline, the baseline's value as a dashed tick and the change at the right) and the server memory per
 * model from {@code /api/ps}.
 */
final class HtmlJmhSection {

    private HtmlJmhSection() {}

    static String render(RunResult run, Comparison comparison) {
        // one chart per (kind, unit): bars of different units on one axis would mislead
        Map<String, List<Row>> charts = new TreeMap<>();
        Map<String, String> units = new TreeMap<>();
        Map<String, String> titles = new TreeMap<>();
        for (Metric m : run.metrics()) {
            Optional<JmhName> n = MetricNames.jmh(m);
            if (n.isEmpty()) {
                continue;
            }
            String key = order(n.get().kind()) + m.unit().symbol();
            titles.put(key, title(n.get().kind()) + " (" + m.unit() + ")");
            units.put(key, m.unit().symbol());
            Metric base = baseline(comparison, m.name());
            Row row = HtmlLoadSection.row(n.get().benchmark(), m, base);
            String note = delta(comparison, m.name()).orElse(Numbers.plain(m.value(), 4));
            charts.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Row(row.label(), row.value(), row.low(), row.high(), row.baseline(), note));
        }
        StringBuilder b = new StringBuilder("<section id=\"jmh\"><h2>Micro-benchmarks (JMH)</h2>\n");
        if (charts.isEmpty()) {
            return b.append(
                            "<p class=\"empty\">This run has no JMH results (no <code>jmh/results.json</code>).</p></section>\n")
                    .toString();
        }
        b.append("<p class=\"note\">Bars: score; whiskers: JMH's 99.9% confidence interval")
                .append(comparison == null ? "" : "; dashed tick: baseline; right: change against the baseline")
                .append(".</p><div class=\"grid\">\n");
        charts.forEach((key, rows) -> b.append(SvgCharts.bars(titles.get(key), units.get(key), rows, false)));
        return b.append("</div></section>\n").toString();
    }

    static String memory(RunResult run) {
        Map<String, double[]> byModel = new TreeMap<>();
        for (Metric m : run.metrics()) {
            Optional<ServerName> n = MetricNames.server(m);
            n.ifPresent(s -> byModel.computeIfAbsent(s.model(), k -> new double[2])[s.vram() ? 1 : 0] =
                    m.valueIn(Unit.GIGABYTES));
        }
        StringBuilder b = new StringBuilder("<section id=\"memory\"><h2>Memory per model</h2>\n");
        if (byModel.isEmpty()) {
            return b.append(
                            "<p class=\"empty\">No server information (no <code>load/server.json</code>).</p></section>\n")
                    .toString();
        }
        List<Row> rows = new ArrayList<>();
        byModel.forEach((model, v) -> rows.add(new Row(
                model,
                v[0],
                null,
                null,
                null,
                Numbers.plain(v[0], 3) + " GB, VRAM " + Numbers.plain(v[1], 3) + " GB")));
        b.append(
                "<p class=\"note\">Resident size of each loaded model as <code>/api/ps</code> reported it (GB = 1024³ bytes; "
                        + "the largest over endpoints).</p>");
        return b.append("<div class=\"grid\">")
                .append(SvgCharts.bars("Loaded size by model", "GB", rows, false))
                .append("</div></section>\n")
                .toString();
    }

    private static Metric baseline(Comparison comparison, String name) {
        return comparison == null
                ? null
                : comparison.metric(name).map(MetricComparison::baseline).orElse(null);
    }

    private static Optional<String> delta(Comparison comparison, String name) {
        if (comparison == null) {
            return Optional.empty();
        }
        return comparison.metric(name).flatMap(c -> c.deltaIfKnown().map(d -> d.describe() + " " + symbol(c)));
    }

    private static String symbol(MetricComparison c) {
        return c.change().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String order(String kind) {
        return switch (kind) {
            case "time" -> "1";
            case "thrpt" -> "2";
            default -> "3";
        };
    }

    private static String title(String kind) {
        return switch (kind) {
            case "time" -> "Time per operation";
            case "thrpt" -> "Throughput";
            default -> "Allocation per operation";
        };
    }
}
