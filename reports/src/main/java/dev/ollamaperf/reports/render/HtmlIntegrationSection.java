package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;

import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.render.SvgTimeCharts.Line;
import dev.ollamaperf.reports.render.SvgTimeCharts.Style;
import dev.ollamaperf.results.IntegrationMetrics.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "What the integration adds", one section per scenario that went through the integration: the added latencies
 * per model (median of the paired differences, its 95% interval, the pairs) beside the direct and the integrated
 * p50, the cache hit ratio, the integration JVM's memory figures, and its heap and RSS over time. Empty for a run
 * without such scenarios.
 */
final class HtmlIntegrationSection {

    private static final double MIB = 1024.0 * 1024;

    private HtmlIntegrationSection() {}

    static String render(RunResult run) {
        StringBuilder b = new StringBuilder();
        for (String scenario : IntegrationSummary.scenarios(run)) {
            b.append(scenario(run, scenario));
        }
        return b.toString();
    }

    private static String scenario(RunResult run, String scenario) {
        String reference = run.environment().get("load." + scenario + ".integration.reference");
        StringBuilder b = new StringBuilder("<section class=\"integration\" id=\"integration-")
                .append(esc(scenario))
                .append("\"><h2>What the integration adds: <code>")
                .append(esc(scenario))
                .append(
                        "</code></h2>\n<p class=\"note\">Each request through the integration was paired with one on the"
                                + " direct path to Ollama")
                .append(reference == null ? "" : " (scenario <code>" + esc(reference) + "</code>)")
                .append(", sent alternately; a pair's difference is what the integration added to that request. The"
                        + " median's interval is distribution-free (order statistics); none under 6 pairs.</p>\n");
        b.append(latencies(run, scenario, reference));
        b.append("<div class=\"grid\"><div><table class=\"facts\"><tbody>\n");
        for (String[] fact : facts(run, scenario)) {
            b.append("<tr><th>")
                    .append(esc(fact[0]))
                    .append("</th><td>")
                    .append(esc(fact[1]))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></div><div>")
                .append(memoryChart(run.memorySamples().get(scenario), scenario))
                .append("</div></div>\n");
        return b.append("</section>\n").toString();
    }

    private static String latencies(RunResult run, String scenario, String reference) {
        Map<String, Map<String, Metric>> added = IntegrationSummary.added(run, scenario);
        if (added.isEmpty()) {
            return "<p class=\"empty\">No pairs measured: no request pair where both requests succeeded.</p>\n";
        }
        List<List<String>> rows = new ArrayList<>();
        added.forEach((model, byLatency) -> byLatency.forEach((latency, m) -> {
            Optional<Metric> direct = reference == null
                    ? Optional.empty()
                    : run.metric("load." + reference + "." + model + "." + latency + ".p50");
            Optional<Metric> through = run.metric("load." + scenario + "." + model + "." + latency + ".p50");
            rows.add(List.of(
                    "<code>" + esc(model) + "</code>",
                    esc(latency),
                    esc(IntegrationSummary.signed(m).replaceAll(" \\[.*", "")),
                    esc(interval(m.uncertainty())),
                    Long.toString(m.samples()),
                    esc(direct.map(HtmlIntegrationSection::ms).orElse("–")),
                    esc(through.map(HtmlIntegrationSection::ms).orElse("–"))));
        }));
        return Html.table(
                "integration-added",
                List.of(
                        "Model",
                        "Latency",
                        "Added (median)",
                        "95% interval",
                        "Pairs",
                        "Direct p50",
                        "Through the integration p50"),
                rows,
                null);
    }

    private static List<String[]> facts(RunResult run, String scenario) {
        List<String[]> facts = new ArrayList<>();
        own(run, scenario, "requests", m -> Numbers.plain(m.value()), "requests served", facts);
        own(
                run,
                scenario,
                "cache.hit.ratio",
                m -> Numbers.plain(100 * m.value(), 3) + "% of " + m.samples() + " requests "
                        + percent(m.uncertainty()),
                "cache hit ratio",
                facts);
        own(
                run,
                scenario,
                "fairness.jain",
                m -> Numbers.plain(m.value(), 3) + " over " + m.samples() + " users (1: all served alike)",
                "fairness (Jain index)",
                facts);
        own(run, scenario, "heap_after_gc.bytes", HtmlIntegrationSection::bytes, "heap after GC, peak", facts);
        own(
                run,
                scenario,
                "heap_growth.bytes",
                HtmlIntegrationSection::bytes,
                "heap growth (end - start, after GC)",
                facts);
        own(run, scenario, "alloc_per_request", m -> bytes(m) + "/request", "allocation per request", facts);
        own(run, scenario, "retained_per_request", m -> bytes(m) + "/request", "retained per request", facts);
        own(run, scenario, "heap_slope", m -> Numbers.plain(m.value(), 3) + " MiB/h", "heap slope", facts);
        own(run, scenario, "rss.bytes", HtmlIntegrationSection::bytes, "RSS, peak", facts);
        own(run, scenario, "gc_pause.p99", HtmlIntegrationSection::ms, "GC pause p99", facts);
        own(run, scenario, "threads", m -> Numbers.plain(m.value()), "threads, peak", facts);
        return facts;
    }

    private static void own(
            RunResult run,
            String scenario,
            String what,
            java.util.function.Function<Metric, String> text,
            String label,
            List<String[]> facts) {
        IntegrationSummary.own(run, scenario, what).ifPresent(m -> facts.add(new String[] {label, text.apply(m)}));
    }

    /** Heap used and RSS over the window, in MiB, drawn as steps at the samples' mean interval. */
    static String memoryChart(List<Sample> samples, String scenario) {
        if (samples == null || samples.isEmpty()) {
            return "<p class=\"note\">No memory samples for this scenario.</p>\n";
        }
        int n = samples.size();
        long first = samples.get(0).tMs();
        double stepSeconds = n > 1 ? (samples.get(n - 1).tMs() - first) / 1000.0 / (n - 1) : 1;
        stepSeconds = stepSeconds > 0 ? stepSeconds : 1;
        double[] heap = new double[n];
        double[] rss = new double[n];
        boolean anyRss = false;
        for (int i = 0; i < n; i++) {
            heap[i] = samples.get(i).heapUsedBytes() / MIB;
            rss[i] = samples.get(i).rssBytes() / MIB;
            anyRss |= samples.get(i).rssBytes() > 0;
        }
        List<Line> lines =
                new ArrayList<>(List.of(new Line("heap used (garbage included), MiB", heap, 0, Style.SOLID, false)));
        if (anyRss) {
            lines.add(new Line("resident set (RSS), MiB", rss, 1, Style.DASHED, false));
        }
        return SvgTimeCharts.steps(
                "Integration JVM memory over time, " + scenario + " (" + n + " samples)",
                stepSeconds,
                n,
                "MiB",
                null,
                lines,
                null);
    }

    private static String ms(Metric m) {
        return Numbers.plain(m.valueIn(Unit.MILLISECONDS), 4) + " ms";
    }

    private static String bytes(Metric m) {
        return IntegrationSummary.bytes(m.value());
    }

    private static String interval(Interval i) {
        return i == null
                ? "– (under 6 pairs)"
                : "[" + Numbers.plain(i.low(), 3) + ", " + Numbers.plain(i.high(), 3) + "] ms";
    }

    private static String percent(Interval i) {
        return i == null ? "" : "[" + Numbers.plain(100 * i.low(), 3) + "%, " + Numbers.plain(100 * i.high(), 3) + "%]";
    }
}
