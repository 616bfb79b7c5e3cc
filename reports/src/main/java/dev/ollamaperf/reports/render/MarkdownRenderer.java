package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.power.Detectable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.md}: the verdict and why, warnings, the budget table (failures, then warnings, then passes;
 * skipped checks folded into one line per reason, see {@link BudgetDigest}), the top regressions (largest
 * relative worsening first, at most {@value #TOP}) and the comparison counts, and after the budgets what the gate
 * detects per budgeted metric (docs/power.md). Meant for a PR comment or
 * a CI job summary; the full data is in {@code results.json}.
 */
final class MarkdownRenderer implements Renderer {

    static final int TOP = 10;

    @Override
    public void render(Report report, Writer out) throws IOException {
        out.write("# Performance gate: " + report.verdict().outcome() + "\n\n");
        out.write("| | |\n|---|---|\n");
        out.write("| Run | `" + Text.cell(report.run().runId()) + "` ("
                + report.run().timestamp() + ") |\n");
        out.write("| Run status | " + report.run().status() + " |\n");
        out.write("| Baseline | "
                + report.baseline()
                        .map(c -> "`" + Text.cell(c.baselineRunId()) + "`")
                        .orElse("none") + " |\n");
        out.write("| Budgets | " + (report.budgetFile() == null ? "none" : "`" + Text.cell(report.budgetFile()) + "`")
                + " |\n");
        out.write("| Metrics | " + report.run().metrics().size() + " |\n");
        out.write("| Exit code | " + report.verdict().exitCode() + " |\n\n");
        list(out, "Why", report.verdict().reasons());
        list(out, "Warnings", report.verdict().warnings());
        list(out, "What the integration adds", IntegrationSummary.lines(report.run()));
        budgets(out, report);
        power(out, report);
        if (report.comparison() != null) {
            regressions(out, report.comparison());
        }
    }

    /** The smallest regression each budgeted metric's check detects; left out when the run had no budgets. */
    private static void power(Writer out, Report report) throws IOException {
        if (report.power().isEmpty()) {
            return;
        }
        out.write("## What the gate detects\n\n");
        out.write("The smallest worsening flagged with 80% probability at 1% false alarms, from each metric's"
                + " run-to-run noise (method: docs/power.md).\n\n");
        out.write("| Metric | Detects | Relative | Noise from | Limit headroom |\n|---|---|---|---|---|\n");
        for (Detectable d : report.power()) {
            out.write("| `" + Text.cell(d.metric()) + "` | "
                    + (Double.isNaN(d.mdr()) ? "unknown" : d.worse() + Numbers.plain(d.mdr(), 3) + " " + d.unit())
                    + " | "
                    + (Double.isNaN(d.relative()) ? "" : d.worse() + Numbers.plain(d.relative() * 100, 2) + "%") + " | "
                    + d.knownNoise().map(n -> n.describe()).orElse("no history, no interval") + " | "
                    + d.headroomText() + " |\n");
        }
        out.write("\n");
    }

    private static void list(Writer out, String title, List<String> items) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        out.write("## " + title + "\n\n");
        for (String item : items) {
            out.write("- " + item.replace("\n", " ") + "\n");
        }
        out.write("\n");
    }

    private static void budgets(Writer out, Report report) throws IOException {
        out.write("## Budgets\n\n");
        if (report.budgets().isEmpty()) {
            out.write("No budget checks.\n\n");
            return;
        }
        String file = report.budgetFile();
        BudgetDigest digest = BudgetDigest.of(report.budgets());
        if (!digest.checked().isEmpty()) {
            out.write("| Result | Metric | Check | Measured | Rule |\n|---|---|---|---|---|\n");
            for (BudgetResult r : digest.checked()) {
                String rule = (file == null ? "" : file) + ":" + r.rule().line()
                        + (r.rule().reason().isEmpty() ? "" : " " + r.rule().reason());
                out.write("| " + r.outcome() + " | `" + Text.cell(r.metric()) + "` | "
                        + r.check().name().toLowerCase(Locale.ROOT) + " | " + Text.cell(r.message()) + " | "
                        + Text.cell(rule) + " |\n");
            }
            out.write("\n");
        }
        if (!digest.skipped().isEmpty()) {
            // one line per reason: a first run skips every tolerance check, and a row each would bury the table
            out.write("Skipped (each one is listed in results.json and junit.xml):\n\n");
            String baseline = report.baseline().map(c -> c.baselineRunId()).orElse(null);
            for (SkippedChecks group : digest.skipped()) {
                out.write("- " + group.sentence(baseline).replace("\n", " ") + "\n");
            }
            out.write("\n");
        }
    }

    private static void regressions(Writer out, Comparison c) throws IOException {
        out.write("## Top regressions against `" + Text.cell(c.baselineRunId()) + "`\n\n");
        List<MetricComparison> top = c.regressionsBySize();
        if (top.isEmpty()) {
            out.write("None.\n\n");
        } else {
            out.write(
                    "| Metric | Baseline | Now | Change | Change interval | Tolerance |\n|---|---|---|---|---|---|\n");
            for (MetricComparison m : top.subList(0, Math.min(TOP, top.size()))) {
                out.write("| `" + Text.cell(m.name()) + "` | " + value(m.baseline()) + " | " + value(m.current())
                        + " | "
                        + m.delta().describe() + " | " + interval(m.delta().interval(), m.current()) + " | "
                        + Numbers.plain(m.tolerance() * 100) + "% |\n");
            }
            out.write("\n");
        }
        StringBuilder counts = new StringBuilder();
        for (Change change : Change.values()) {
            counts.append(counts.length() == 0 ? "" : " · ")
                    .append(change.name().toLowerCase(Locale.ROOT))
                    .append(' ')
                    .append(c.with(change).size());
        }
        out.write("Comparison: " + counts + "\n");
    }

    private static String value(Metric m) {
        return Numbers.plain(m.value()) + " " + m.unit();
    }

    private static String interval(Interval i, Metric current) {
        return i == null
                ? "exact"
                : "[" + Numbers.plain(i.low()) + ", " + Numbers.plain(i.high()) + "] " + current.unit();
    }
}
