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
}
