package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.gate.Report;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget section of the formats people read, on a first run (no baseline): failures, then warnings, then
 * passes, and the skipped tolerance checks folded into one line per reason; the machine formats keep them all.
 */
@Timeout(30)
final class BudgetSectionTest {

    private static final String FOLDED = "81 tolerance checks wait for a baseline (this run had none); the next run on "
            + "this machine compares with this one if this one passes, or give --baseline";
    private static final String PEER_ROW = "jmh.ClientCallBenchmark.chat_streaming[client=LANGCHAIN4J,tokens=16].alloc";

    @TempDir
    Path dir;

    private Report report;

    @BeforeEach
    void judgeFirstRun() {
        report = Fixtures.firstRunReport(Fixtures.copyRun(dir.resolve("run")));
    }

    @Test
    void firstRunReport_fixture_skipsEveryToleranceOfOursAndChecksNoPeerRow() {
        assertThat(report.budgets())
                .filteredOn(r -> r.outcome() == Outcome.SKIPPED)
                .hasSize(81);
        assertThat(report.budgets()).extracting(r -> r.outcome().name()).contains("FAIL", "WARN", "PASS");
        assertThat(report.budgets())
                .noneMatch(r -> r.metric().contains("=LANGCHAIN4J")
                        || r.metric().contains("ollama4j")
                        || r.metric().contains("=JACKSON")
                        || r.metric().contains("=LEAN")
                        || r.metric().contains("jacksonBaseline"));
    }

    @Test
    void render_markdownFirstRun_listsFailuresWarningsPassesThenOneFoldedLine() throws IOException {
        String md = render(ReportFormat.MARKDOWN);
        String budgets = md.substring(md.indexOf("## Budgets"));

        assertThat(budgets).doesNotContain("| SKIPPED |").doesNotContain("no baseline;");
        assertThat(rowOutcomes(budgets, Pattern.compile("(?m)^\\| (FAIL|WARN|PASS|SKIPPED) \\|")))
                .containsExactly("FAIL", "WARN", "PASS");
        assertThat(budgets)
                .contains("Skipped (each one is listed in results.json and junit.xml):\n\n- " + FOLDED + "\n\n");
        assertThat(budgets.indexOf(FOLDED)).isGreaterThan(budgets.lastIndexOf("| PASS |"));
    }

    @Test
    void render_htmlFirstRun_keepsSkippedRowsInOneCollapsedDetailsAfterTheChecks() throws IOException {
        String html = render(ReportFormat.HTML);
        String budgets =
                html.substring(html.indexOf("<section id=\"budgets\">"), html.indexOf("<section id=\"load\">"));
        int details = budgets.indexOf("<details class=\"skipped\">");

        assertThat(budgets)
                .contains("<details class=\"skipped\"><summary>" + FOLDED + "</summary>")
                .doesNotContain("<details class=\"skipped\" open");
        assertThat(count(budgets, "<details")).isEqualTo(1);
        assertThat(rowOutcomes(budgets.substring(0, details), Pattern.compile("<tr class=\"(\\w+)\">")))
                .containsExactly("fail", "warn", "pass");
        assertThat(budgets.indexOf("<tr class=\"skipped\">")).isGreaterThan(details);
        assertThat(count(budgets.substring(details), "<tr class=\"skipped\">")).isEqualTo(81);
        assertThat(budgets).doesNotContain(PEER_ROW);
        assertThat(html.substring(html.indexOf("<section id=\"metrics\">")))
                .as("peer rows are still reported")
                .contains(PEER_ROW);
    }

    @Test
    void render_junitAndJsonFirstRun_keepEverySkippedCheckInRuleOrder() throws IOException {
        String xml = render(ReportFormat.JUNIT_XML);
        JsonNode json = new ObjectMapper().readTree(render(ReportFormat.JSON));

        assertThat(count(xml, "<skipped message=\"no baseline;")).isEqualTo(81);
        assertThat(count(xml, "<testcase ")).isEqualTo(1 + report.budgets().size());
        List<String> metrics = new ArrayList<>();
        json.path("budgets").forEach(b -> metrics.add(b.path("metric").asText()));
        assertThat(metrics)
                .containsExactlyElementsOf(
                        report.budgets().stream().map(r -> r.metric()).toList());
        assertThat(json.path("budgets").findValuesAsText("outcome"))
                .filteredOn("SKIPPED"::equals)
                .hasSize(81);
    }

    /** The outcomes of the rows in order, each run of equal outcomes collapsed to one. */
    private static List<String> rowOutcomes(String text, Pattern row) {
        List<String> runs = new ArrayList<>();
        Matcher m = row.matcher(text);
        while (m.find()) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(m.group(1))) {
                runs.add(m.group(1));
            }
        }
        return runs;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private String render(ReportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        format.create().render(report, out);
        return out.toString();
    }
}
