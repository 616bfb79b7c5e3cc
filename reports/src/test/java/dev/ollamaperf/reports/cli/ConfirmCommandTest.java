package dev.ollamaperf.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.render.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --confirm} and {@code failing-parts}, in-process on copies of the fixture run. */
@Timeout(120)
final class ConfirmCommandTest {

    private static final String RUN_ID = "2026-11-26T10-00-00Z-abc1234";
    private static final String TTFT = "load.steady.llama3.2:latest.ttft.p95";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void failingParts_brokenLoadLimit_printsTheScenario() throws IOException {
        Path run = copy("run");
        run("report", run.toString(), "--budgets", budgets("<= 1 ms").toString(), "--no-history");
        out.getBuffer().setLength(0);

        int code = run("failing-parts", run.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("checks 1\nload steady\n");
    }

    @Test
    void failingParts_passingRun_printsChecks0() throws IOException {
        Path run = copy("run");
        run("report", run.toString(), "--budgets", budgets("<= 100000 ms").toString(), "--no-history");
        out.getBuffer().setLength(0);

        assertThat(run("failing-parts", run.toString())).isZero();
        assertThat(out.toString()).isEqualTo("checks 0\n");
    }

    @Test
    void failingParts_notReported_exits2NamingTheFolder() {
        Path run = copy("run");

        assertThat(run("failing-parts", run.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no results.json; run 'report " + run + "' first");
    }

    @Test
    void report_confirmWithSameMeasurement_staysFailConfirmedEverywhere() throws IOException {
        Path run = copy("run");
        Path rerun = copy("run/confirm-1");

        int code = run(
                "report",
                run.toString(),
                "--budgets",
                budgets("<= 1 ms").toString(),
                "--history",
                dir.resolve("h.db").toString(),
                "--confirm",
                rerun.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .contains("reruns    " + RUN_ID + "/confirm-1")
                .contains("FAIL  " + TTFT + "  limit  confirmed on rerun: first ");
        for (String file : new String[] {"index.html", "summary.md", "results.json", "junit.xml"}) {
            assertThat(Files.readString(run.resolve(file))).contains("confirmed on rerun: first ");
        }
        assertThat(rerun.resolve("results.json")).doesNotExist();
    }

    @Test
    void report_confirmWithoutTheMetric_staysFail() throws IOException {
        Path run = copy("run");
        Path rerun = copy("run/confirm-1");
        Files.delete(rerun.resolve("load/metrics.json"));
        Files.delete(rerun.resolve("load/server.json"));

        int code = run(
                "report",
                run.toString(),
                "--budgets",
                budgets("<= 1 ms").toString(),
                "--no-history",
                "--confirm",
                rerun.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("failure stands: no rerun measured this metric");
    }

    @Test
    void report_confirmBelowTheLimit_warnsAndPasses() throws IOException {
        Path run = copy("run");
        Path rerun = copy("run/confirm-1");
        // The fixture's first run breaks a 2 GiB memory limit; its rerun reads half the memory.
        Path server = rerun.resolve("load/server.json");
        Files.writeString(server, Files.readString(server).replace("3320000000", "1660000000"));
        Path budgets = Files.writeString(
                dir.resolve("memory.yaml"),
                String.join(
                        "\n", "version: 1", "budgets:", "  - select: server.*.memory.bytes", "    limit: <= 2 GB", ""));

        int code = run(
                "report",
                run.toString(),
                "--budgets",
                budgets.toString(),
                "--no-history",
                "--confirm",
                rerun.toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("Performance gate: PASS")
                .contains("Failed, then not confirmed on rerun (warnings):")
                .contains("WARN  server.llama3.2:latest.memory.bytes  limit  not confirmed on rerun (first: ");
    }

    @Test
    void report_confirmFolderMissing_exits2() throws IOException {
        Path run = copy("run");

        int code = run(
                "report",
                run.toString(),
                "--no-history",
                "--confirm",
                dir.resolve("nope").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--confirm " + dir.resolve("nope") + ": no such folder");
    }

    private Path budgets(String ttftLimit) throws IOException {
        return Files.writeString(
                dir.resolve("budgets.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "budgets:",
                        "  - select: load.steady.*.ttft.p95",
                        "    limit: " + ttftLimit,
                        ""));
    }

    private int run(String... args) {
        return PerfReports.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    private Path copy(String name) {
        return Fixtures.copyRun(dir.resolve(name));
    }
}
