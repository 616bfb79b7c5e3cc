package dev.ollamaperf.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.render.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Every subcommand in-process ({@code CommandLine.execute}, output captured) on copies of the fixture run. */
@Timeout(120)
final class PerfReportsTest {

    private static final String FAILING_BUDGETS = String.join(
            "\n",
            "version: 1",
            "budgets:",
            "  - select: load.steady.errors.ratio",
            "    limit: <= 0.01",
            "    reason: fewer than 1% errors",
            "  - select: load.steady.*.ttft.p95",
            "    limit: <= 1500 ms",
            "");

    @TempDir
    Path dir;

    private Path run1;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyFixture() {
        run1 = copy("run1", "2026-11-26T10-00-00Z-abc1234", "2026-11-26T10:00:00Z", 1);
    }

    @Test
    void report_brokenBudget_writesEveryFileAppendsHistoryAndExits1() throws IOException {
        Path budgets = Files.writeString(dir.resolve("budgets.yaml"), FAILING_BUDGETS);

        int code = run("report", run1.toString(), "--budgets", budgets.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .contains("Performance gate: FAIL (exit 1)")
                .contains("Failing budgets:")
                .contains("FAIL  load.steady.errors.ratio  limit")
                .contains("budgets.yaml:3 fewer than 1% errors")
                .contains("Report:  " + run1.resolve("index.html").toAbsolutePath())
                .contains("History: appended to " + dir.resolve("history.db").toAbsolutePath() + " (1 runs stored)");
        for (String file : new String[] {"index.html", "summary.md", "results.json", "junit.xml"}) {
            assertThat(run1.resolve(file)).isNotEmptyFile();
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void report_baselineFromHistory_comparesWithEarlierRunAndShowsRegression() {
        assertThat(run("report", run1.toString())).isEqualTo(0);
        Path run2 = copy("run2", "2026-11-26T11-00-00Z-def5678", "2026-11-26T11:00:00Z", 2);
        out.getBuffer().setLength(0);

        int code = run("report", run2.toString(), "--baseline", "history", "--no-history");

        assertThat(code).isEqualTo(0); // a regression without a tolerance rule warns, it does not fail
        assertThat(out.toString())
                .contains("baseline  history:median-of-1[2026-11-26T10-00-00Z-abc1234]")
                .contains("Top regressions against history:median-of-1")
                .contains("server.llama3.2:latest.memory.bytes")
                .contains("+100.0%")
                .contains("History: not written (--no-history)");
    }

    @Test
    void report_invalidReason_failsTheRunWhichTheHistoryKeepsButNeverTakesAsABaseline() {
        int code = run("report", run1.toString(), "--invalid", "partial run: the target stopped answering");

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("run invalid: partial run: the target stopped answering");
        assertThat(run1.resolve("results.json")).content().contains("\"INVALID\"");
        Path run2 = copy("run2", "2026-11-26T11-00-00Z-def5678", "2026-11-26T11:00:00Z", 2);
        out.getBuffer().setLength(0);

        assertThat(run("report", run2.toString(), "--baseline", "history", "--no-history"))
                .isZero();
        assertThat(out.toString()).contains("no baseline").contains("holds no earlier valid, non-failing run");
        out.getBuffer().setLength(0);
        assertThat(run("history", "--db", dir.resolve("history.db").toString())).isZero();
        assertThat(out.toString()).contains("2026-11-26T10-00-00Z-abc1234").contains("INVALID");
    }

    @Test
    void report_baselineRunFolder_isUsed() {
        Path run2 = copy("run2", "2026-11-26T11-00-00Z-def5678", "2026-11-26T11:00:00Z", 2);

        int code = run("report", run2.toString(), "--baseline", run1.toString(), "--no-history");

        assertThat(code).isEqualTo(0);
        assertThat(out.toString())
                .contains("baseline  2026-11-26T10-00-00Z-abc1234")
                .contains("1 regressed");
        assertThat(dir.resolve("history.db")).doesNotExist();
    }

    @Test
    void report_missingFolder_exits2WithOneLineNamingIt() {
        int code = run("report", dir.resolve("nope").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: run folder " + dir.resolve("nope") + ": no such folder\n");
    }

    @Test
    void report_malformedBudgetFile_exits2NamingFileAndLine() throws IOException {
        Path budgets = Files.writeString(dir.resolve("budgets.yaml"), "version: 1\nbudgets:\n  - select: [oops\n");

        int code = run("report", run1.toString(), "--budgets", budgets.toString(), "--no-history");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("error: " + budgets + ":")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void report_corruptHistory_exits2NamingTheDatabase() throws IOException {
        Path db =
                Files.writeString(dir.resolve("broken.db"), "not a database, only some text that fills a header page");

        int code = run("report", run1.toString(), "--history", db.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("error: " + db + ": not a readable history database")
                .doesNotContain("\tat ");
    }

    @Test
    void report_help_documentsExitCodes() {
        int code = run("report", "--help");

        assertThat(code).isEqualTo(0);
        assertThat(out.toString())
                .contains("--baseline=RUN_DIR|results.json|history")
                .contains("Exit codes:")
                .contains("0   pass")
                .contains("4   internal error");
    }

    @Test
    void compare_regressedRun_printsTableWritesComparisonAndExits1() {
        Path run2 = copy("run2", "2026-11-26T11-00-00Z-def5678", "2026-11-26T11:00:00Z", 2);
        Path outDir = dir.resolve("cmp");

        int code = run("compare", run1.toString(), run2.toString(), "--out", outDir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .contains("change        metric")
                .containsPattern(
                        "regressed +server\\.llama3\\.2:latest\\.memory\\.bytes +3\\.32e\\+09 B|regressed +server\\.llama3\\.2:latest\\.memory\\.bytes")
                .contains("+100.0%")
                .contains("1 regressed");
        assertThat(outDir.resolve("comparison.md")).content().contains("Top regressions");
        assertThat(outDir.resolve("comparison.html")).content().contains("Against baseline");
    }

    @Test
    void compare_sameRunTwice_exits0AndWritesIntoSecondRunFolder() {
        int code = run("compare", run1.toString(), run1.toString());

        assertThat(code).isEqualTo(0);
        assertThat(run1.resolve("comparison.html")).exists();
        assertThat(out.toString()).contains("0 regressed");
    }

    @Test
    void compare_resultsJsonOfEarlierReports_readsThemBack() {
        Path run2 = copy("run2", "2026-11-26T11-00-00Z-def5678", "2026-11-26T11:00:00Z", 2);
        run("report", run1.toString(), "--no-history");
        run("report", run2.toString(), "--no-history");
        out.getBuffer().setLength(0);

        int code = run(
                "compare",
                run1.resolve("results.json").toString(),
                run2.resolve("results.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("1 regressed");
        assertThat(run2.resolve("comparison.md")).exists();
    }

    @Test
    void execute_unexpectedException_exits4WithOneLine() {
        CommandLine cl = PerfReports.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cl.addSubcommand("boom", new FailingCommand());

        int code = cl.execute("boom");

        assertThat(code).isEqualTo(4);
        assertThat(err.toString())
                .startsWith("internal error: java.lang.IllegalStateException: simulated bug")
                .doesNotContain("\tat ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    /** A subcommand that fails with an unexpected exception, standing in for a bug. */
    @Command(name = "boom")
    static final class FailingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("simulated bug");
        }
    }

    @Test
    void history_afterTwoReports_listsRunsAndSparklines() {
        Path run2 = copy("run2", "2026-11-26T11-00-00Z-def5678", "2026-11-26T11:00:00Z", 2);
        run("report", run1.toString());
        run("report", run2.toString());
        out.getBuffer().setLength(0);

        int code = run(
                "history",
                "--db",
                dir.resolve("history.db").toString(),
                "--metric",
                "server.*.memory.bytes",
                "--last",
                "10");

        assertThat(code).isEqualTo(0);
        assertThat(out.toString())
                .contains("last 2 runs, oldest first")
                .contains("2026-11-26T10-00-00Z-abc1234")
                .contains("2026-11-26T11-00-00Z-def5678")
                .contains("server.llama3.2:latest.memory.bytes")
                .contains("▁█")
                .contains(
                        "3.32E+9 -> 6.64E+9 B".replace("3.32E+9", "3320000000").replace("6.64E+9", "6640000000"));
    }

    @Test
    void history_missingDatabase_exits2() {
        int code = run("history", "--db", dir.resolve("none.db").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("none.db: no such file");
        assertThat(dir.resolve("none.db")).doesNotExist();
    }

    @Test
    void version_printsThePomsVersion() {
        int code = run("--version");

        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("ollama-perf-reports " + System.getProperty("project.version"));
    }

    @Test
    void main_unknownOption_exits2WithUsage() {
        int code = run("report", run1.toString(), "--bogus");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'").contains("Usage:");
    }

    private int run(String... args) {
        return PerfReports.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    /** Copies the fixture as {@code name} with a new run id and start; {@code memoryFactor} scales the model memory. */
    private Path copy(String name, String runId, String startedAt, int memoryFactor) {
        try {
            Path target = Fixtures.copyRun(dir.resolve(name));
            Path env = target.resolve("environment.json");
            Files.writeString(
                    env,
                    Files.readString(env)
                            .replace("2026-11-26T10-00-00Z-abc1234", runId)
                            .replace("2026-11-26T10:00:00Z", startedAt));
            Path server = target.resolve("load/server.json");
            Files.writeString(
                    server, Files.readString(server).replace("3320000000", Long.toString(3320000000L * memoryFactor)));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
