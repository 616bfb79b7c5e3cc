package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.cli.PerfReports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capacity command's usage errors: one line naming the problem, exit code 2. */
final class CapacityAnalysisCommandTest {

    @Test
    void capacity_runWithoutCapacitySteps_exitTwoNamingWhatIsMissing(@TempDir Path run) throws Exception {
        Files.createDirectories(run.resolve("load"));
        StringWriter err = new StringWriter();

        int exit = PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("capacity", run.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("error: ")
                .contains("no capacity steps")
                .contains("CapacitySimulation");
    }

    @Test
    void capacity_malformedObjective_exitTwoWithTheExpectedForm(@TempDir Path run) {
        StringWriter err = new StringWriter();

        int exit = PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("capacity", run.toString(), "--objective", "ttft<1s");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("objective must look like ttft.p95=1500ms")
                .contains("ttft<1s");
    }

    @Test
    void capacity_checkOptions_judgesTheOptionsWithoutARunFolder(@TempDir Path dir) throws Exception {
        Path notYet = dir.resolve("not-measured-yet");
        Path budgets = Files.writeString(dir.resolve("budgets.yaml"), "version: 1\nbudgets: []\n");
        StringWriter err = new StringWriter();

        int valid = PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("capacity", notYet.toString(), "--check-options", "--objective", "ttft.p95=1500ms");
        int badObjective = PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("capacity", notYet.toString(), "--check-options", "--objective", "ttft.p95=fast");
        int badBudgets = PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("capacity", notYet.toString(), "--check-options", "--budgets", budgets.toString());

        assertThat(valid).isZero();
        assertThat(badObjective).isEqualTo(2);
        assertThat(badBudgets).isEqualTo(2);
        assertThat(err.toString()).contains("ttft.p95=fast").contains("'budgets' is empty");
        assertThat(notYet).doesNotExist();
    }
}
