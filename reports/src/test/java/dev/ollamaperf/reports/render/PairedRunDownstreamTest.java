package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.gate.RunJudge;
import dev.ollamaperf.reports.history.HistoryStore;
import dev.ollamaperf.reports.history.TrendPoint;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.read.PairedRunFixture;
import dev.ollamaperf.reports.read.ResultsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A paired run's integration metrics go through budgets, the baseline, every format and the history. */
@Timeout(30)
final class PairedRunDownstreamTest {

    private static final String BUDGETS = String.join(
            "\n",
            "version: 1",
            "budgets:",
            "  - select: load.steady.*.added.ttft.p50",
            "    limit: <= 2 ms",
            "    tolerance: +10%",
            "  - select: load.steady.integration.heap_slope",
            "    limit: <= 100 MB/h",
            "  - select: load.steady.integration.alloc_per_request",
            "    limit: <= 2 MB/op",
            "");

    @TempDir
    Path dir;

    @Test
    void pairedRun_judgedAgainstItselfRenderedReadBackAndStored() throws Exception {
        BudgetFile budgets = new BudgetParser().parse(Path.of("perf-budgets.yaml"), BUDGETS);
        RunResult run = PairedRunFixture.run();

        Report report = new RunJudge().judge(run, run, budgets);
        for (ReportFormat format : ReportFormat.values()) {
            format.writeTo(dir, report);
        }

        // the median 2.95 ms breaks the 2 ms limit; the slope (6 MB/h) and 1 MiB/request keep theirs
        assertThat(report.budgets())
                .filteredOn(r -> r.outcome() == BudgetResult.Outcome.FAIL)
                .extracting(BudgetResult::metric)
                .containsOnly("load.steady." + PairedRunFixture.MODEL + ".added.ttft.p50");
        assertThat(report.budgets())
                .filteredOn(r -> r.metric().startsWith("load.steady.integration."))
                .extracting(BudgetResult::outcome)
                .containsOnly(BudgetResult.Outcome.PASS);
        assertThat(new ResultsReader().read(dir.resolve("results.json")).metrics())
                .isEqualTo(run.metrics());
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("the integration adds ttft +2.95 ms");
        try (HistoryStore store = new HistoryStore(dir.resolve("history.db"), 10)) {
            store.append(run, report.verdict().outcome());
            List<TrendPoint> slope = store.trend("load.steady.integration.heap_slope", 5);
            assertThat(slope).singleElement().satisfies(p -> {
                assertThat(p.value()).isEqualTo(6.0);
                assertThat(p.unit()).isEqualTo(Unit.MEGABYTES_PER_HOUR);
            });
        }
    }
}
