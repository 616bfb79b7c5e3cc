package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perf gate --ci}: what GitHub Actions and GitLab CI get, in a fake environment (temporary files for
 * GITHUB_STEP_SUMMARY and GITHUB_OUTPUT), with fake children and the real reports, and a budget file whose
 * failing rule is at a known line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GateCiTest {

    /** The line of the failing rule in {@link #budgets}. */
    private static final int FAILING_LINE = 6;

    @TempDir
    Path dir;

    private PerfHarness perf;
    private Path run;
    private Path budgets;

    @BeforeEach
    void checkout() throws IOException {
        perf = new PerfHarness(dir.resolve("checkout"));
        run = dir.resolve("checkout/target/perf/ci-run");
        budgets = Files.writeString(
                perf.root().resolve("perf-budgets.yaml"),
                String.join(
                        "\n",
                        List.of(
                                "version: 1",
                                "budgets:",
                                "  - select: \"load.steady.*.ttft.p50\"",
                                "    limit: <= 10 min",
                                "    reason: holds",
                                "  - select: \"load.arrival.*.ttft.p50\"",
                                "    limit: <= 1 ms",
                                "    reason: fails, at line " + FAILING_LINE,
                                "  - select: \"load.steady.*.ttft.p50\"",
                                "    limit: <= 2 ms",
                                "    severity: warn",
                                "")));
    }

    @Test
    void github_failingBudget_appendsTheSummaryAnnotatesTheRuleLineAndSetsOutputs() throws IOException {
        Path summary = Files.writeString(dir.resolve("step-summary.md"), "earlier step\n");
        Path output = Files.writeString(dir.resolve("output.txt"), "earlier=1\n");
        github(summary, output);

        int status = gate();

        assertThat(status).as(perf.output()).isEqualTo(1);
        String summaryMd = Files.readString(run.resolve("summary.md"));
        assertThat(Files.readString(summary)).isEqualTo("earlier step\n" + summaryMd);
        assertThat(perf.out())
                .containsPattern("(?m)^::error file=perf-budgets.yaml,line=" + FAILING_LINE
                        + ",title=load\\.arrival\\.\\S+\\.ttft\\.p50 limit <= 1 ms::.*ms")
                .containsPattern(
                        "(?m)^::warning file=perf-budgets.yaml,line=9,title=load\\.steady\\.\\S+ limit <= 2 ms::")
                .doesNotContain("line=3,");
        assertThat(Files.readAllLines(output))
                .containsExactly(
                        "earlier=1",
                        "verdict=FAIL",
                        "exit-code=1",
                        "report=" + run.resolve("index.html"),
                        "summary=" + run.resolve("summary.md"));
        assertThat(run.resolve(CiOutputs.CODE_QUALITY)).doesNotExist();
    }

    @Test
    void github_withoutItsFiles_notesEachOnceAndKeepsTheGatesExitCode() {
        perf.env().put("GITHUB_ACTIONS", "true");

        int status = gate();

        assertThat(status).isEqualTo(1);
        assertThat(perf.err())
                .contains(
                        "perf gate --ci github: GITHUB_STEP_SUMMARY is not set; no job summary\n",
                        "perf gate --ci github: GITHUB_OUTPUT is not set; no step outputs\n");
        assertThat(perf.out()).contains("::error file=", "line=" + FAILING_LINE);
    }

    @Test
    void github_unwritableSummary_isANoteAndTheExitCodeStays() {
        github(dir, dir.resolve("o.txt"));

        assertThat(gate()).isEqualTo(1);
        assertThat(perf.err()).contains("perf gate --ci github: could not write its files (", "the exit code stays 1");
    }

    @Test
    void github_budgetFileOutsideTheWorkspace_isNamedByItsAbsolutePath() throws IOException {
        github(dir.resolve("s.md"), dir.resolve("o.txt"));
        perf.env().put("GITHUB_WORKSPACE", dir.resolve("elsewhere").toString());

        gate();

        assertThat(perf.out()).contains("::error file=" + budgets.toString().replace(":", "%3A") + ",line=");
    }

    @Test
    void github_passingGate_hasNoAnnotationsAndPassVerdict() throws IOException {
        Path output = dir.resolve("output.txt");
        github(dir.resolve("s.md"), output);
        Files.writeString(budgets, "version: 1\nbudgets:\n  - select: \"load.*.ttft.p50\"\n    limit: <= 10 min\n");

        int status = gate();

        assertThat(status).as(perf.output()).isZero();
        assertThat(perf.out()).doesNotContain("::error", "::warning");
        assertThat(Files.readString(output)).contains("verdict=PASS\n", "exit-code=0\n");
        assertThat(Files.readString(dir.resolve("s.md"))).contains("PASS");
    }

    @Test
    void github_gateEndedBeforeTheReport_saysSoInTheSummaryAndOutputsError() throws IOException {
        Path summary = dir.resolve("s.md");
        Path output = dir.resolve("o.txt");
        github(summary, output);
        perf.children().on("target-check", FakeScript.failing(3, "error: Ollama is not usable"));

        assertThat(gate()).isEqualTo(3);

        assertThat(Files.readString(summary)).startsWith("perf gate: exit 3 (target unreachable");
        assertThat(Files.readAllLines(output)).containsExactly("verdict=ERROR", "exit-code=3");
    }

    @Test
    void github_budgetFileTheReportsCannotApply_isAnnotatedAtTheLineTheyName() throws IOException {
        github(dir.resolve("s.md"), dir.resolve("o.txt"));
        Files.writeString(budgets, "version: 1\nbudgets:\n  - select: \"load.*\"\n    limit: <= 10 min\n");

        assertThat(gate()).as(perf.output()).isEqualTo(2);

        assertThat(perf.out())
                .containsPattern("(?m)^::error file=perf-budgets.yaml,line=3,title=budget file::limit unit 'min'"
                        + " does not apply to metric ");
        assertThat(Files.readString(dir.resolve("o.txt"))).contains("verdict=ERROR\n", "exit-code=2\n");
    }

    @Test
    void findings_invalidRun_isAnErrorWithoutALine() throws IOException {
        Path results = Files.writeString(dir.resolve("results.json"), """
                {"budget_file": null, "budgets": [],
                 "verdict": {"outcome": "FAIL", "reasons": ["run invalid: partial run: target lost at 12s"]}}
                """);

        assertThat(CiOutputs.findings(results))
                .containsExactly(
                        new CiOutputs.Finding("run invalid", "run", true, "partial run: target lost at 12s", 0));
    }

    @Test
    void gitlab_failingBudget_writesCodeQualityAndDotenv() throws IOException {
        perf.env().put("GITLAB_CI", "true");
        perf.env().put("CI_PROJECT_DIR", perf.root().toString());

        int status = gate();

        assertThat(status).as(perf.output()).isEqualTo(1);
        JsonNode report = new ObjectMapper()
                .readTree(run.resolve("gl-code-quality-report.json").toFile());
        assertThat(report.isArray()).isTrue();
        JsonNode error = null;
        for (JsonNode issue : report) {
            assertThat(issue.path("description").asText()).isNotBlank();
            assertThat(issue.path("check_name").asText()).isEqualTo("perf-budget-limit");
            assertThat(issue.path("fingerprint").asText()).hasSize(64);
            assertThat(issue.path("location").path("path").asText()).isEqualTo("perf-budgets.yaml");
            if (issue.path("severity").asText().equals("critical")) {
                error = issue;
            }
        }
        assertThat(error).as(report.toString()).isNotNull();
        assertThat(error.path("location").path("lines").path("begin").asInt()).isEqualTo(FAILING_LINE);
        assertThat(error.path("description").asText()).contains("load.arrival.", "limit <= 1 ms");
        assertThat(report.findValuesAsText("severity")).contains("minor");
        assertThat(dotenv(run.resolve("perf.env")))
                .containsEntry("PERF_VERDICT", "FAIL")
                .containsEntry("PERF_EXIT_CODE", "1")
                .containsEntry("PERF_REPORT", "target/perf/ci-run/index.html")
                .containsEntry("PERF_SUMMARY", "target/perf/ci-run/summary.md");
        assertThat(perf.out()).doesNotContain("::error");
    }

    @Test
    void plain_writesNothingExtra() throws IOException {
        Path summary = dir.resolve("s.md");
        Path output = dir.resolve("o.txt");
        github(summary, output);

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--confirm", "0", "--ci", "plain");

        assertThat(status).isEqualTo(1);
        assertThat(summary).doesNotExist();
        assertThat(output).doesNotExist();
        assertThat(run.resolve(CiOutputs.CODE_QUALITY)).doesNotExist();
        assertThat(run.resolve(CiOutputs.DOTENV)).doesNotExist();
        assertThat(perf.out()).doesNotContain("::error", "--ci");
        assertThat(perf.err()).doesNotContain("--ci");
    }

    @Test
    void auto_withoutCiVariables_isPlain() {
        gate();

        assertThat(run.resolve(CiOutputs.DOTENV)).doesNotExist();
        assertThat(perf.out()).doesNotContain("::error");
        assertThat(perf.err()).doesNotContain("--ci");
    }

    @Test
    void explicitSystem_winsOverTheEnvironment() {
        perf.env().put("GITHUB_ACTIONS", "true");

        perf.run("gate", "--run", run.toString(), "--no-history", "--confirm", "0", "--ci", "gitlab");

        assertThat(run.resolve(CiOutputs.DOTENV)).exists();
        assertThat(perf.out()).doesNotContain("::error");
    }

    @Test
    void report_ci_annotatesAndSetsOutputsLikeTheGate() throws IOException {
        assertThat(perf.run("gate", "--run", run.toString(), "--no-history", "--confirm", "0", "--ci", "plain"))
                .isEqualTo(1);
        Path output = dir.resolve("o.txt");
        github(dir.resolve("s.md"), output);

        int status = perf.run("report", run.toString(), "--budgets", budgets.toString(), "--no-history", "--ci=auto");

        assertThat(status).as(perf.output()).isEqualTo(1);
        assertThat(perf.out()).contains("::error file=perf-budgets.yaml,line=" + FAILING_LINE + ",title=load.arrival.");
        assertThat(Files.readString(output))
                .contains("verdict=FAIL\n", "exit-code=1\n", "report=" + run.resolve("index.html"));
        assertThat(perf.run("report", run.toString(), "--ci", "nonsense")).isEqualTo(2);
        assertThat(perf.err()).contains("perf report: '--ci' must be github, gitlab, plain or auto, got: 'nonsense'");
    }

    @Test
    void detect_picksEachSystemFromTheEnvironment() {
        assertThat(CiSystem.detect(Map.of("GITHUB_ACTIONS", "true"))).isEqualTo(CiSystem.GITHUB);
        assertThat(CiSystem.detect(Map.of("GITLAB_CI", "true"))).isEqualTo(CiSystem.GITLAB);
        assertThat(CiSystem.detect(Map.of("CI", "true"))).isEqualTo(CiSystem.PLAIN);
        assertThat(CiSystem.detect(Map.of("GITHUB_ACTIONS", "false"))).isEqualTo(CiSystem.PLAIN);
        assertThat(CiSystem.named("auto", Map.of("GITLAB_CI", "true"))).contains(CiSystem.GITLAB);
        assertThat(CiSystem.named("GitHub", Map.of())).contains(CiSystem.GITHUB);
        assertThat(CiSystem.named("jenkins", Map.of())).isEmpty();
    }

    @Test
    void ciNonsense_isAUsageErrorBeforeAnythingRuns() {
        int status = perf.run("gate", "--run", run.toString(), "--ci", "nonsense");

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("perf gate: '--ci' must be github, gitlab, plain or auto, got: 'nonsense'");
        assertThat(perf.children().names()).isEmpty();
    }

    @Test
    void githubEscaping_followsTheWorkflowCommandRules() {
        assertThat(CiOutputs.githubData("50% a\r\nb: c, d")).isEqualTo("50%25 a%0D%0Ab: c, d");
        assertThat(CiOutputs.githubProperty("50% a\nb: c, d")).isEqualTo("50%25 a%0Ab%3A c%2C d");
    }

    private void github(Path summary, Path output) {
        perf.env().put("GITHUB_ACTIONS", "true");
        perf.env().put("GITHUB_WORKSPACE", perf.root().toString());
        perf.env().put("GITHUB_STEP_SUMMARY", summary.toString());
        perf.env().put("GITHUB_OUTPUT", output.toString());
    }

    private int gate() {
        return perf.run("gate", "--run", run.toString(), "--no-history", "--confirm", "0");
    }

    private static Map<String, String> dotenv(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            assertThat(line).matches("[A-Z_]+=[^\\s]*");
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }
}
