package dev.ollamaperf.reports.render;

import static dev.ollamaperf.reports.render.Html.esc;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html}: one self-contained page (inline CSS, inline SVG charts drawn in Java, a few lines
 * of vanilla script for sortable tables; no network access when opened). Sections: verdict banner, budget
 * table (failures, then warnings, then passes; skipped checks folded into one collapsed line per reason, see
 * {@link BudgetDigest}), load tests (rates, charts over time, percentile curves, distributions, models side by
 * side), JMH, memory, baseline comparison, environment, every metric. Like the other renderers it is a pure
 * function of the report.
 */
final class HtmlRenderer implements Renderer {

    @Override
    public void render(Report report, Writer out) throws IOException {
        RunResult run = report.run();
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Performance report: "
                + esc(report.verdict().outcome().name()) + " · " + esc(run.runId()) + "</title>\n<style>"
                + HtmlAssets.CSS
                + "</style>\n<script>" + HtmlAssets.ERROR_HOOK
                + "</script>\n</head>\n<body data-rendered=\"pending\" data-errors=\"\">\n");
        out.write(
                "<header><h1>Performance report</h1><p class=\"sub\">run <code>" + esc(run.runId())
                        + "</code> · started "
                        + esc(run.timestamp().toString()) + " · "
                        + run.metrics().size() + " metrics · git <code>"
                        + esc(run.environment().getOrDefault("git.commit", "unknown")) + "</code> · target "
                        + esc(run.environment().getOrDefault("target.kind", "unknown"))
                        + "</p>\n<nav><a href=\"#budgets\">Budgets</a>"
                        + "<a href=\"#load\">Load</a><a href=\"#jmh\">JMH</a><a href=\"#memory\">Memory</a>"
                        + (report.comparison() == null ? "" : "<a href=\"#comparison\">Baseline</a>")
                        + "<a href=\"#environment\">Environment</a><a href=\"#metrics\">All metrics</a></nav></header>\n<main>\n");
        out.write(banner(report));
        out.write(budgets(report));
        out.write(HtmlLoadSection.render(run));
        out.write(HtmlIntegrationSection.render(run)); // empty unless a scenario went through the integration
        out.write(HtmlModelsSection.render(run)); // empty unless the run compared two models or more
        out.write(HtmlCapacitySection.forRun(run)); // empty unless the run has capacity steps
        out.write(HtmlJmhSection.render(run, report.comparison()));
        out.write(HtmlJmhSection.memory(run));
        if (report.comparison() != null) {
            out.write(comparison(report.comparison()));
        }
        out.write(environment(run));
        out.write(metrics(run));
        out.write("</main>\n<script>" + HtmlAssets.SCRIPT + "</script>\n</body></html>\n");
    }

    private static String banner(Report report) {
        GateOutcome outcome = report.verdict().outcome();
        boolean warn =
                outcome == GateOutcome.PASS && !report.verdict().warnings().isEmpty();
        String cls = outcome == GateOutcome.PASS ? (warn ? "warn" : "pass") : "fail";
        Map<BudgetResult.Outcome, Integer> counts = new EnumMap<>(BudgetResult.Outcome.class);
        report.budgets().forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        StringBuilder b = new StringBuilder("<section id=\"verdict\" class=\"banner " + cls + "\"><div class=\"big\">"
                + outcome + (warn ? " with warnings" : "") + "</div><div class=\"counts\">");
        for (BudgetResult.Outcome o : BudgetResult.Outcome.values()) {
            b.append("<span class=\"count ")
                    .append(o.name().toLowerCase(Locale.ROOT))
                    .append("\">")
                    .append(counts.getOrDefault(o, 0))
                    .append(' ')
                    .append(o.name().toLowerCase(Locale.ROOT))
                    .append("</span>");
        }
        if (report.comparison() != null) {
            b.append("<span class=\"count\">")
                    .append(report.comparison().with(Change.REGRESSED).size())
                    .append(" regressed</span>");
        }
        b.append("<span class=\"count\">exit code ")
                .append(report.verdict().exitCode())
                .append("</span>");
        b.append("<span class=\"count\">run ").append(report.run().status()).append("</span></div>\n");
        list(b, "Why", report.verdict().reasons());
        list(b, "Warnings", report.verdict().warnings());
        return b.append("</section>\n").toString();
    }

    private static void list(StringBuilder b, String title, List<String> items) {
        if (!items.isEmpty()) {
            b.append("<details open><summary>")
                    .append(title)
                    .append(" (")
                    .append(items.size())
                    .append(")</summary><ul>");
            items.forEach(i -> b.append("<li>").append(esc(i)).append("</li>"));
            b.append("</ul></details>\n");
        }
    }

    private static String budgets(Report report) {
        StringBuilder b = new StringBuilder("<section id=\"budgets\"><h2>Budgets</h2>\n");
        if (report.budgets().isEmpty()) {
            return b.append("<p class=\"empty\">No budget checks")
                    .append(report.budgetFile() == null ? " (no budget file)" : "")
                    .append(".</p></section>\n")
                    .toString();
        }
        b.append("<p class=\"note\">From <code>")
                .append(esc(report.budgetFile()))
                .append("</code>.</p>");
        BudgetDigest digest = BudgetDigest.of(report.budgets());
        if (!digest.checked().isEmpty()) {
            b.append(budgetTable(digest.checked()));
        }
        String baseline = report.baseline().map(Comparison::baselineRunId).orElse(null);
        for (SkippedChecks group : digest.skipped()) {
            // Collapsed: a first run skips every tolerance check, and their rows would stand between the verdict and
            // the
            // charts. One line says how many and what makes them run; the rows stay one click away.
            b.append("<details class=\"skipped\"><summary>")
                    .append(esc(group.sentence(baseline)))
                    .append("</summary>\n")
                    .append(budgetTable(group.checks()))
                    .append("</details>\n");
        }
        return b.append("</section>\n").toString();
    }

    private static String budgetTable(List<BudgetResult> results) {
        List<List<String>> rows = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (BudgetResult r : results) {
            String o = r.outcome().name().toLowerCase(Locale.ROOT);
            rows.add(List.of(
                    "<span class=\"pill " + o + "\">" + r.outcome() + "</span>",
                    "<code>" + esc(r.metric()) + "</code>",
                    r.check().name().toLowerCase(Locale.ROOT),
                    esc(r.message()),
                    "line " + r.rule().line()
                            + (r.rule().reason().isEmpty()
                                    ? ""
                                    : ": " + esc(r.rule().reason()))));
            classes.add(o);
        }
        return Html.table("sortable budgets", List.of("Result", "Metric", "Check", "Measured", "Rule"), rows, classes);
    }

    private static String comparison(Comparison c) {
        StringBuilder b = new StringBuilder("<section id=\"comparison\"><h2>Against baseline <code>")
                .append(esc(c.baselineRunId()))
                .append("</code></h2>\n<p class=\"counts\">");
        for (Change change : Change.values()) {
            b.append("<span class=\"count ")
                    .append(change.name().toLowerCase(Locale.ROOT))
                    .append("\">")
                    .append(c.with(change).size())
                    .append(' ')
                    .append(change.name().toLowerCase(Locale.ROOT))
                    .append("</span>");
        }
        b.append("</p>\n");
        List<List<String>> rows = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        List<MetricComparison> ordered = new ArrayList<>(c.metrics());
        // what needs attention first: regressed, inconclusive, missing, new, improved, unchanged; then by name
        List<Change> order = List.of(
                Change.REGRESSED, Change.INCONCLUSIVE, Change.MISSING, Change.NEW, Change.IMPROVED, Change.UNCHANGED);
        ordered.sort(java.util.Comparator.comparingInt((MetricComparison m) -> order.indexOf(m.change())));
        for (MetricComparison m : ordered) {
            String ch = m.change().name().toLowerCase(Locale.ROOT);
            rows.add(List.of(
                    "<span class=\"pill " + ch + "\">" + ch + "</span>",
                    "<code>" + esc(m.name()) + "</code>",
                    m.baseline() == null ? "" : esc(Html.value(m.baseline())),
                    m.current() == null ? "" : esc(Html.value(m.current())),
                    m.delta() == null ? "" : esc(m.delta().describe()),
                    m.delta() == null ? "" : Html.interval(m.delta().interval()),
                    Numbers.plain(m.tolerance() * 100) + "%",
                    esc(m.explanation())));
            classes.add(ch);
        }
        b.append(Html.table(
                "sortable comparison",
                List.of("Change", "Metric", "Baseline", "Now", "Change", "Interval of change", "Tolerance", "Why"),
                rows,
                classes));
        return b.append("</section>\n").toString();
    }

    private static String environment(RunResult run) {
        List<List<String>> rows = new ArrayList<>();
        run.environment().forEach((k, v) -> rows.add(List.of("<code>" + esc(k) + "</code>", esc(v))));
        return "<section id=\"environment\"><h2>Environment</h2>\n"
                + Html.table("sortable env", List.of("Key", "Value"), rows, null) + "</section>\n";
    }

    private static String metrics(RunResult run) {
        List<List<String>> rows = new ArrayList<>();
        for (Metric m : run.metrics()) {
            rows.add(List.of(
                    "<code>" + esc(m.name()) + "</code>",
                    Numbers.plain(m.value(), 6),
                    esc(m.unit().symbol()),
                    Html.interval(m.uncertainty()),
                    Long.toString(m.samples()),
                    esc(m.statistic().code()),
                    m.direction().name().startsWith("LOWER") ? "lower" : "higher",
                    esc(m.source())));
        }
        return "<section id=\"metrics\"><h2>All metrics</h2><p class=\"note\">Click a column header to sort.</p>\n"
                + Html.table(
                        "sortable metrics",
                        List.of("Name", "Value", "Unit", "Interval", "Samples", "Statistic", "Better", "Source"),
                        rows,
                        null)
                + "</section>\n";
    }
}
