package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.gate.RunJudge;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.power.Detectable;
import dev.ollamaperf.reports.render.IntegrationSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code report} prints: the verdict, failing budgets, top regressions, where the report is. */
final class TerminalSummary {

    static final int TOP = 5;

    /** Lines of the detectable regressions the terminal shows at most. */
    static final int POWER_LINES = 12;

    private final PrintWriter out;

    TerminalSummary(PrintWriter out) {
        this.out = out;
    }

    void print(Report report, Path page, String history) {
        header(report);
        List<String> reasons = report.verdict().reasons();
        if (!reasons.isEmpty()) {
            out.println();
            out.println("Why:");
            reasons.forEach(r -> out.println("  - " + r));
        }
        integration(report);
        failing(report);
        unconfirmed(report);
        report.baseline().ifPresent(this::regressions);
        power(report);
        if (!report.verdict().warnings().isEmpty()) {
            out.println();
            out.println("Warnings: " + report.verdict().warnings().size() + " (listed in summary.md)");
        }
        out.println();
        out.println("Report:  " + page.toAbsolutePath());
        out.println("History: " + (history == null ? "not written (--no-history)" : history));
        out.flush();
    }

    /**
     * The smallest regression each budgeted metric's check detects: load metrics first (the ones a longer run can
     * sharpen), at most {@value #POWER_LINES} lines; summary.md and results.json have them all.
     */
    private void power(Report report) {
        if (report.power().isEmpty()) {
            return;
        }
        List<Detectable> ordered = new ArrayList<>(report.power());
        ordered.sort(Comparator.comparing((Detectable d) -> !d.metric().startsWith("load.")));
        out.println();
        out.println("The gate detects (80% power, 1% false alarms; docs/power.md):");
        ordered.stream().limit(POWER_LINES).forEach(d -> out.println("  " + d.describe()));
        if (ordered.size() > POWER_LINES) {
            out.println("  (" + (ordered.size() - POWER_LINES) + " more in summary.md)");
        }
    }

    private void integration(Report report) {
        List<String> lines = IntegrationSummary.lines(report.run());
        if (!lines.isEmpty()) {
            out.println();
            out.println("Integration:");
            lines.forEach(l -> out.println("  " + l));
        }
    }

    private void header(Report report) {
        out.println("Performance gate: " + report.verdict().outcome() + " (exit "
                + report.verdict().exitCode() + ")");
        out.println("  run       " + report.run().runId() + " (" + report.run().status() + ", "
                + report.run().metrics().size() + " metrics, started "
                + report.run().timestamp() + ")");
        out.println("  baseline  "
                + report.baseline().map(Comparison::baselineRunId).orElse("none"));
        Map<BudgetResult.Outcome, Integer> counts = new EnumMap<>(BudgetResult.Outcome.class);
        report.budgets().forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        StringBuilder c = new StringBuilder();
        for (BudgetResult.Outcome o : BudgetResult.Outcome.values()) {
            c.append(c.length() == 0 ? "" : ", ")
                    .append(counts.getOrDefault(o, 0))
                    .append(' ')
                    .append(o.name().toLowerCase(Locale.ROOT));
        }
        out.println("  budgets   " + (report.budgetFile() == null ? "none" : report.budgetFile() + ": " + c));
        if (!report.reruns().isEmpty()) {
            out.println("  reruns    " + String.join(", ", report.reruns())
                    + " (failed budget checks judged again on them)");
        }
    }

    /** Failures a rerun did not repeat: warnings now, but a person should know the gate nearly failed. */
    private void unconfirmed(Report report) {
        List<BudgetResult> cleared = report.budgets().stream()
                .filter(r ->
                        r.outcome() == BudgetResult.Outcome.WARN && r.message().startsWith(RunJudge.NOT_CONFIRMED))
                .toList();
        if (cleared.isEmpty()) {
            return;
        }
        out.println();
        out.println("Failed, then not confirmed on rerun (warnings):");
        for (BudgetResult r : cleared) {
            out.println(
                    "  WARN  " + r.metric() + "  " + r.check().name().toLowerCase(Locale.ROOT) + "  " + r.message());
        }
    }

    private void failing(Report report) {
        List<BudgetResult> failing = report.budgets().stream()
                .filter(r -> r.outcome() == BudgetResult.Outcome.FAIL)
                .toList();
        if (failing.isEmpty()) {
            return;
        }
        out.println();
        out.println("Failing budgets:");
        for (BudgetResult r : failing) {
            out.println("  FAIL  " + r.metric() + "  " + r.check().name().toLowerCase(Locale.ROOT) + "  " + r.message()
                    + "  (" + report.budgetFile() + ":" + r.rule().line()
                    + (r.rule().reason().isEmpty() ? "" : " " + r.rule().reason())
                    + ")");
        }
    }

    private void regressions(Comparison comparison) {
        List<MetricComparison> top = comparison.regressionsBySize();
        out.println();
        out.println("Top regressions against " + comparison.baselineRunId() + ":" + (top.isEmpty() ? " none" : ""));
        for (MetricComparison m : top.subList(0, Math.min(TOP, top.size()))) {
            out.println(String.format(
                    Locale.ROOT,
                    "  %-8s %s  %s -> %s  change interval %s",
                    m.delta().describe(),
                    m.name(),
                    value(m.baseline()),
                    value(m.current()),
                    interval(m.delta().interval())));
        }
        out.println("  (" + comparison.with(Change.REGRESSED).size() + " regressed, "
                + comparison.with(Change.IMPROVED).size()
                + " improved, " + comparison.with(Change.INCONCLUSIVE).size() + " inconclusive, "
                + comparison.with(Change.UNCHANGED).size() + " unchanged)");
    }

    private static String value(Metric m) {
        return Numbers.plain(m.value(), 4) + " " + m.unit();
    }

    private static String interval(Interval i) {
        return i == null ? "exact" : "[" + Numbers.plain(i.low(), 4) + ", " + Numbers.plain(i.high(), 4) + "]";
    }
}
