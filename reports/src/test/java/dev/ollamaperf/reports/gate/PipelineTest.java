package dev.ollamaperf.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.read.RunReader;
import dev.ollamaperf.reports.render.ReportFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow on the fixture run folder: read, judge against the shipped example budget file (every
 * selector of which must match the fixture), render every format.
 */
@Timeout(30)
final class PipelineTest {

    @TempDir
    Path out;

    @Test
    void fixtureRun_againstExampleBudgets_failsOnErrorRatioAndRendersEveryFormat()
            throws IOException, URISyntaxException {
        Path run = Path.of(
                getClass().getResource("/dev/ollamaperf/reports/read/run1").toURI());
        RunResult result = new RunReader().read(run);
        BudgetFile budgets = new BudgetParser().parse(Path.of("budgets.example.yaml"));

        Report report = new RunJudge().judge(result, result, budgets);

        assertThat(report.verdict().outcome()).isEqualTo(GateOutcome.FAIL);
        assertThat(report.verdict().reasons())
                .singleElement()
                .asString()
                .startsWith("load.steady.errors.ratio: 0.0392157 breaks limit <= 0.01");
        assertThat(report.budgets())
                .filteredOn(r -> r.metric().equals("load.steady.goodput.ratio"))
                .extracting(BudgetResult::outcome)
                .containsExactly(BudgetResult.Outcome.WARN);
        for (ReportFormat format : ReportFormat.values()) {
            Path file = format.writeTo(out, report);
            assertThat(Files.size(file)).as(format.fileName()).isPositive();
        }
        assertThat(Files.readString(out.resolve("summary.md"))).contains("# Performance gate: FAIL");
    }
}
