package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.RunStatus;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code junit.xml}: one {@code testsuite}; a test case for the run's validity, one per budget check
 * ({@code <metric> limit|tolerance}, class name {@code budget <selector>}); a broken fail-budget is a
 * {@code failure}, a warning is {@code skipped} with the detail in {@code system-out}, an unchecked tolerance
 * (no baseline) is {@code skipped}; a budget file that could not be applied is one {@code error}.
 */
final class JunitXmlRenderer implements Renderer {

    @Override
    public void render(Report report, Writer out) throws IOException {
        int failures = report.run().status() == RunStatus.INVALID ? 1 : 0;
        int skipped = 0;
        for (BudgetResult r : report.budgets()) {
            failures += r.outcome() == Outcome.FAIL ? 1 : 0;
            skipped += r.outcome() == Outcome.WARN || r.outcome() == Outcome.SKIPPED ? 1 : 0;
        }
        boolean error = report.verdict().outcome() == dev.ollamaperf.reports.gate.GateOutcome.ERROR;
        int tests = 1 + report.budgets().size() + (error ? 1 : 0);
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuite name=\"ollama-perf gate\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\""
                + (error ? 1 : 0) + "\" skipped=\"" + skipped + "\" timestamp=\"" + timestamp(report) + "\">\n");
        out.write("  <properties>\n");
        property(out, "run.id", report.run().runId());
        property(out, "verdict", report.verdict().outcome().name());
        property(out, "exit.code", Integer.toString(report.verdict().exitCode()));
        property(out, "baseline", report.baseline().map(c -> c.baselineRunId()).orElse(""));
        property(out, "budget.file", report.budgetFile() == null ? "" : report.budgetFile());
        out.write("  </properties>\n");
        runValidity(out, report);
        if (error) {
            out.write("  <testcase classname=\"budget file\" name=\"budgets apply\">\n");
            out.write("    <error type=\"config\" message=\""
                    + Text.xml(report.verdict().reasons().get(0)) + "\"/>\n");
            out.write("  </testcase>\n");
        }
        for (BudgetResult r : report.budgets()) {
            testcase(out, r, report.budgetFile());
        }
        out.write("</testsuite>\n");
    }

    private static void runValidity(Writer out, Report report) throws IOException {
        out.write("  <testcase classname=\"run\" name=\"run is valid\"");
        if (report.run().status() == RunStatus.VALID) {
            out.write("/>\n");
            return;
        }
        out.write(">\n    <failure type=\"invalid-run\" message=\""
                + Text.xml(String.join("; ", report.run().reasons())) + "\"/>\n  </testcase>\n");
    }

    private static void testcase(Writer out, BudgetResult r, String file) throws IOException {
        out.write("  <testcase classname=\"" + Text.xml("budget " + r.rule().selector()) + "\" name=\""
                + Text.xml(r.id()) + "\"");
        String where = (file == null ? "budgets" : file) + ":" + r.rule().line();
        String detail = r.message() + "\nrule: " + where
                + (r.rule().reason().isEmpty() ? "" : "\nreason: " + r.rule().reason());
        switch (r.outcome()) {
            case PASS -> out.write("/>\n");
            case FAIL ->
                out.write(">\n    <failure type=\"budget\" message=\"" + Text.xml(r.message()) + "\">"
                        + Text.xml(detail) + "</failure>\n  </testcase>\n");
            case WARN ->
                out.write(">\n    <skipped message=\"" + Text.xml("warning: " + r.message()) + "\"/>\n    <system-out>"
                        + Text.xml(detail) + "</system-out>\n  </testcase>\n");
            case SKIPPED -> out.write(">\n    <skipped message=\"" + Text.xml(r.message()) + "\"/>\n  </testcase>\n");
        }
    }

    /** JUnit's schema wants a local date-time without zone; the run's instant is given in UTC. */
    private static String timestamp(Report report) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                report.run().timestamp().atOffset(ZoneOffset.UTC));
    }

    private static void property(Writer out, String name, String value) throws IOException {
        out.write("    <property name=\"" + Text.xml(name) + "\" value=\"" + Text.xml(value) + "\"/>\n");
    }
}
