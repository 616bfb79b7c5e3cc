package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;

import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.render.MetricNames.LoadName;
import dev.ollamaperf.reports.render.SvgCharts.Curve;
import dev.ollamaperf.reports.render.SvgCharts.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The load-test part of the HTML report, one block per scenario: rates (achieved against target),
 * throughput, active requests and TTFT over time ({@link HtmlTimeSeries}), latency percentile curves per model, TTFT and inter-token distributions, a per-model comparison
 * with intervals, and a session workload's metrics per conversation turn ({@link HtmlTurnsTable}). Everything comes from the metrics and their encoded histograms; a metric without a
 * histogram simply has no curve.
 */
final class HtmlLoadSection {

    /** Percentiles at which a curve is sampled: {@code 100 (1 - 10^-k)} for k = 0, 0.05, ... 3. */
    private static final double[] CURVE_PERCENTILES = curvePercentiles();

    private static final int BINS = 40;

    private HtmlLoadSection() {}

    static String render(RunResult run) {
        Map<String, Map<String, Map<String, EncodedHistogram>>> byScenario = histograms(run);
        TreeSet<String> scenarios = new TreeSet<>(byScenario.keySet());
        run.metrics().forEach(m -> MetricNames.scenario(m).ifPresent(s -> scenarios.add(s.scenario())));
        StringBuilder b = new StringBuilder("<section id=\"load\"><h2>Load tests</h2>\n");
        if (scenarios.isEmpty()) {
            return b.append(
                            "<p class=\"empty\">This run has no load-test results (no <code>load/metrics.json</code>).</p></section>\n")
                    .toString();
        }
        for (String scenario : scenarios) {
            b.append("<h3>Scenario <code>").append(esc(scenario)).append("</code></h3>\n");
            b.append(rates(run, scenario));
            Map<String, Map<String, EncodedHistogram>> kinds = byScenario.getOrDefault(scenario, Map.of());
            b.append("<div class=\"grid\">\n");
            for (String kind : MetricNames.LATENCIES) {
                Map<String, EncodedHistogram> models = kinds.get(kind);
                if (models != null) {
                    b.append(curves(scenario, kind, models));
                }
            }
            b.append("</div>\n<div class=\"grid\">\n");
            for (String kind : List.of("ttft", "inter_token")) {
                Map<String, EncodedHistogram> models = kinds.getOrDefault(kind, Map.of());
                int i = 0;
                for (Map.Entry<String, EncodedHistogram> e : models.entrySet()) {
                    b.append(distribution(scenario, kind, e.getKey(), e.getValue(), i++));
                }
            }
            if (kinds.isEmpty()) {
                b.append(
                        "<p class=\"empty\">No latency histograms in this scenario (every request failed, or none was sent).</p>");
            }
            b.append("</div>\n")
                    .append(modelComparison(run, scenario))
                    .append(HtmlTurnsTable.render(run, scenario))
                    .append(HtmlFleetTable.render(run, scenario));
        }
        return b.append("</section>\n").toString();
    }

    /** Scenario -> latency kind -> model -> histogram (the percentile metrics of one kind share one histogram). */
    private static Map<String, Map<String, Map<String, EncodedHistogram>>> histograms(RunResult run) {
        Map<String, Map<String, Map<String, EncodedHistogram>>> out = new TreeMap<>();
        for (Metric m : run.metrics()) {
            if (m.histogram() == null) {
                continue;
            }
            MetricNames.load(m)
                    .filter(n -> MetricNames.LATENCIES.contains(n.kind()))
                    .ifPresent(n -> out.computeIfAbsent(n.scenario(), k -> new TreeMap<>())
                            .computeIfAbsent(n.kind(), k -> new TreeMap<>())
                            .putIfAbsent(n.model(), m.histogram()));
        }
        return out;
    }

    private static String rates(RunResult run, String scenario) {
        String prefix = "load." + scenario + ".";
        Map<String, String> env = run.environment();
        List<Row> rows = new ArrayList<>();
        String target = env.get(prefix + "injection.target_rps");
        String achieved = env.get(prefix + "injection.achieved_rps");
        if (target != null && achieved != null && !"closed".equals(env.get(prefix + "injection.model"))) {
            rows.add(new Row("target arrival rate", Double.parseDouble(target), null, null, null, target + " req/s"));
            rows.add(new Row(
                    "achieved arrival rate", Double.parseDouble(achieved), null, null, null, achieved + " req/s"));
        }
        run.metric(prefix + "throughput.rps").ifPresent(m -> rows.add(row("ok responses (throughput)", m, null)));
        StringBuilder b = new StringBuilder("<div class=\"grid\"><div>");
        if (!rows.isEmpty()) {
            b.append(SvgCharts.bars("Rates over the measurement window, " + scenario, "req/s", rows, false));
        }
        b.append("</div><div><table class=\"facts\"><tbody>\n");
        fact(b, "injection", env.get(prefix + "injection.model"));
        fact(b, "users (closed) / peak in flight (open)", env.get(prefix + "injection.users"));
        fact(
                b,
                "window",
                env.containsKey(prefix + "window.seconds") ? env.get(prefix + "window.seconds") + " s" : null);
        for (String what :
                List.of("requests", "throughput.rps", "output_tokens.tps", "errors.ratio", "goodput.ratio")) {
            run.metric(prefix + what)
                    .ifPresent(m -> fact(b, what, Html.value(m) + " " + Html.interval(m.uncertainty())));
        }
        b.append("</tbody></table></div></div>\n");
        return b.append(HtmlTimeSeries.render(run, scenario)).toString();
    }

    private static void fact(StringBuilder b, String label, String value) {
        if (value != null) {
            b.append("<tr><th>")
                    .append(esc(label))
                    .append("</th><td>")
                    .append(esc(value))
                    .append("</td></tr>\n");
        }
    }

    private static String curves(String scenario, String kind, Map<String, EncodedHistogram> models) {
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<String, EncodedHistogram> e : models.entrySet()) {
            Histogram h = e.getValue().decode();
            double toMs = e.getValue().unit().convert(1, Unit.MILLISECONDS);
            List<double[]> points = new ArrayList<>();
            for (double p : CURVE_PERCENTILES) {
                points.add(new double[] {p, h.getValueAtPercentile(p) * toMs});
            }
            curves.add(new Curve(e.getKey() + " (n=" + h.getTotalCount() + ")", points));
        }
        return SvgCharts.percentileCurves(kind + " by percentile, " + scenario, "ms", curves);
    }

    /**
     * Bins the recorded values from the minimum to p99.9 (the rest are counted in the caption). Each recorded
     * bucket goes to one bin, so no sample is counted twice whatever the histogram's resolution.
     */
    private static String distribution(
            String scenario, String kind, String model, EncodedHistogram encoded, int index) {
        Histogram h = encoded.decode();
        double toMs = encoded.unit().convert(1, Unit.MILLISECONDS);
        double lo = h.getMinValue();
        double hi = h.getValueAtPercentile(99.9);
        if (hi - lo
                < lo * 0.05) { // (nearly) constant: show a +-5% window rather than bins narrower than the resolution
            lo = lo * 0.95;
            hi = hi * 1.05 + 1;
        }
        int bins = (int) Math.max(10, Math.min(BINS, 2 * Math.sqrt(h.getTotalCount())));
        double width = (hi - lo) / bins;
        long[] counts = new long[bins];
        long beyond = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            double value = h.medianEquivalentValue(v.getValueIteratedTo());
            if (value > hi) {
                beyond += v.getCountAtValueIteratedTo();
            } else {
                counts[(int) Math.max(0, Math.min(bins - 1, Math.floor((value - lo) / width)))] +=
                        v.getCountAtValueIteratedTo();
            }
        }
        return SvgCharts.distribution(
                kind + " distribution, " + model + " (" + scenario + ", n=" + h.getTotalCount()
                        + (beyond > 0 ? ", " + beyond + " above p99.9 not shown" : "") + ")",
                "ms",
                lo * toMs,
                width * toMs,
                counts,
                h.getTotalCount(),
                SvgCharts.color(index));
    }

    /** Dot plots of the headline statistics across models, each with its interval. */
    private static String modelComparison(RunResult run, String scenario) {
        Map<String, List<Row>> charts = new TreeMap<>();
        Map<String, String> units = new TreeMap<>();
        for (Metric m : run.metrics()) {
            LoadName n = MetricNames.load(m).orElse(null);
            if (n == null || !n.scenario().equals(scenario)) {
                continue;
            }
            String key = n.kind() + "." + n.statistic();
            if (List.of(
                            "ttft.p95",
                            "ttft_thinking.p95",
                            "thinking.p50",
                            "e2e.p95",
                            "inter_token.p50",
                            "output_tps.mean")
                    .contains(key)) {
                charts.computeIfAbsent(key, k -> new ArrayList<>()).add(row(n.model(), m, null));
                units.put(key, m.unit().symbol());
            }
        }
        if (charts.isEmpty()) {
            return "";
        }
        // rows in model-name order, as in the curves, so a model keeps its colour across the charts
        charts.values().forEach(rows -> rows.sort(java.util.Comparator.comparing(Row::label)));
        StringBuilder b = new StringBuilder(
                "<h4>Models side by side (dot: value, whiskers: 99% interval)</h4><div class=\"grid\">\n");
        charts.forEach(
                (key, rows) -> b.append(SvgCharts.bars(key + " by model, " + scenario, units.get(key), rows, true)));
        return b.append("</div>\n").toString();
    }

    static Row row(String label, Metric m, Metric baseline) {
        Double low = m.uncertainty() == null ? null : m.uncertainty().low();
        Double high = m.uncertainty() == null ? null : m.uncertainty().high();
        Double base = baseline == null || !baseline.unit().convertibleTo(m.unit()) ? null : baseline.valueIn(m.unit());
        return new Row(label, m.value(), low, high, base, Numbers.plain(m.value(), 4));
    }

    private static double[] curvePercentiles() {
        double[] p = new double[61];
        for (int i = 0; i <= 60; i++) {
            p[i] = 100 * (1 - Math.pow(10, -i * 0.05));
        }
        return p;
    }
}
