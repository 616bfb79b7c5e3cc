package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;

import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.render.SvgTimeCharts.Line;
import dev.ollamaperf.reports.render.SvgTimeCharts.Reference;
import dev.ollamaperf.reports.render.SvgTimeCharts.Style;
import dev.ollamaperf.results.TimeSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's charts over time, from its {@code timeseries}: throughput (ok responses, errors and sends per
 * second, output tokens per second on the right axis), active requests (the most in flight during each bucket
 * and at its end, against the users of a closed model) and, where buckets have TTFT, its p50 and p95.
 */
final class HtmlTimeSeries {

    private HtmlTimeSeries() {}

    static String render(RunResult run, String scenario) {
        TimeSeries series = run.timeSeries().get(scenario);
        if (series == null) {
            return "<p class=\"note\">No time series for this scenario: its <code>load/metrics.json</code> has no "
                    + "<code>timeseries</code> (written before they existed, or one of several injectors wrote none).</p>\n";
        }
        List<TimeSeries.Point> points = series.points();
        int n = points.size();
        double step = series.stepMs() / 1000.0;
        double[] ok = new double[n];
        double[] errors = new double[n];
        double[] started = new double[n];
        double[] tokens = new double[n];
        double[] activeMax = new double[n];
        double[] activeEnd = new double[n];
        double[] p50 = new double[n];
        double[] p95 = new double[n];
        boolean anyErrors = false;
        boolean anyTtft = false;
        for (int i = 0; i < n; i++) {
            TimeSeries.Point p = points.get(i);
            ok[i] = p.ok() / step;
            errors[i] = p.errors() / step;
            started[i] = p.started() / step;
            tokens[i] = p.outputTokens() / step;
            activeMax[i] = p.activeMax();
            activeEnd[i] = p.activeEnd();
            p50[i] = p.ttftP50Ns() == null ? Double.NaN : p.ttftP50Ns() / 1e6;
            p95[i] = p.ttftP95Ns() == null ? Double.NaN : p.ttftP95Ns() / 1e6;
            anyErrors |= p.errors() > 0;
            anyTtft |= p.ttftP50Ns() != null;
        }
        String every = Numbers.plain(step, 4) + " s buckets from " + series.start();
        List<Line> throughput = new ArrayList<>(List.of(
                new Line("ok responses/s", ok, 0, Style.SOLID, false),
                new Line("requests sent/s", started, 1, Style.DASHED, false)));
        if (anyErrors) {
            throughput.add(new Line("errors/s", errors, 5, Style.SOLID, false));
        }
        throughput.add(new Line("output tokens/s", tokens, 2, Style.AREA, true));
        StringBuilder b = new StringBuilder("<div class=\"grid\">\n");
        b.append(SvgTimeCharts.steps(
                "Throughput over time, " + scenario + " (" + every + ")",
                step,
                n,
                "req/s",
                "tokens/s",
                throughput,
                null));
        String prefix = "load." + scenario + ".injection.";
        Reference users = null;
        if ("closed".equals(run.environment().get(prefix + "model"))
                && run.environment().containsKey(prefix + "users")) {
            users = new Reference(
                    "users (closed model): " + run.environment().get(prefix + "users"),
                    Double.parseDouble(run.environment().get(prefix + "users")));
        }
        b.append(SvgTimeCharts.steps(
                "Active requests over time, " + scenario + " (" + every + ")",
                step,
                n,
                "requests in flight",
                null,
                List.of(
                        new Line("most in flight during the bucket", activeMax, 0, Style.SOLID, false),
                        new Line("in flight at the bucket's end", activeEnd, 4, Style.DASHED, false)),
                users));
        if (anyTtft) {
            b.append(SvgTimeCharts.steps(
                    "TTFT over time, " + scenario + " (requests that ended in each bucket)",
                    step,
                    n,
                    "ms",
                    null,
                    List.of(
                            new Line("ttft p95", p95, 1, Style.SOLID, false),
                            new Line("ttft p50", p50, 0, Style.SOLID, false)),
                    null));
        }
        b.append(
                "</div>\n<p class=\"note\">Active requests are the harness's active users: a closed model keeps users equal"
                        + " to requests in flight; in an open model rising in-flight counts show queueing. Rates are counts per bucket"
                        + " divided by its width, so a last bucket cut short by the end of the run reads low. "
                        + esc(Long.toString(series.started())) + " requests sent.</p>\n");
        return b.toString();
    }
}
