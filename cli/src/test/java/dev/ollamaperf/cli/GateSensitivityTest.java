package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perf gate --sensitivity}: the option's parsing and usage errors, the refusal (exit 2, before any load)
 * when the history cannot size the run, and the sized run once five gate runs are in the history (the fake
 * children write the same metrics every time, so the spread is 0 and the shortest length, 10 s, is enough).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GateSensitivityTest {

    @TempDir
    Path dir;

    private PerfHarness perf;
    private Path budgets;
    private Path history;

    @BeforeEach
    void checkout() throws IOException {
        perf = new PerfHarness(dir.resolve("checkout"));
        budgets = dir.resolve("budgets.yaml");
        Files.writeString(
                budgets, "version: 1\nbudgets:\n  - select: \"load.steady.*.ttft.p50\"\n    limit: <= 10 min\n");
        history = dir.resolve("history.db");
    }

    private int gate(String run, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "gate",
                "--run",
                dir.resolve(run).toString(),
                "--budgets",
                budgets.toString(),
                "--history",
                history.toString(),
                "--scenarios",
                "steady",
                "--bench-mode",
                "smoke"));
        args.addAll(List.of(more));
        return perf.run(args.toArray(String[]::new));
    }

    @Test
    void help_documentsTheOption() {
        assertThat(perf.run("gate", "--help")).isZero();
        assertThat(perf.out()).contains("[--sensitivity 10%]", "--sensitivity PCT", "docs/power.md");
    }

    @Test
    void anAbsoluteSize_isAUsageError() {
        int status = gate("run", "--sensitivity", "5ms");

        assertThat(status).as(perf.output()).isEqualTo(2);
        assertThat(perf.err())
                .contains("'--sensitivity' takes a percentage of each metric's value above 0 and at most 100, e.g."
                        + " 10%, got: '5ms'");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void aMalformedBudgetFile_isAConfigurationError_notAnInternalOne() throws IOException {
        Files.writeString(budgets, "version: 1\nbudgets:\n  - select: \"load.*\"\n    limit: about 10 ms\n");

        int status = gate("run", "--sensitivity", "10%");

        assertThat(status).as(perf.output()).isEqualTo(2);
        // refused with the gate's other inputs, before the sizing (GateInputs)
        assertThat(perf.err()).contains("perf gate: " + budgets + ":4: limit must look like");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void withoutHistory_exitsTwoBeforeAnyLoad_sayingHowToGetIt() {
        int status = gate("run", "--sensitivity", "10%");

        assertThat(status).as(perf.output()).isEqualTo(2);
        assertThat(perf.err())
                .contains(
                        "--sensitivity 10%: cannot be reached within the gate's time budget (535s per scenario) or"
                                + " cannot be sized:",
                        "load.steady.*: no budgeted metric of this scenario in the history of this machine; run"
                                + " `scripts/perf gate` 5 times (without --sensitivity) to measure its noise");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void withFiveRunsOfHistory_runsTheSizedLength_andReportsWhatItDetects() {
        for (int i = 0; i < 5; i++) {
            assertThat(gate("history-" + i, "--duration", "20s"))
                    .as(perf.output())
                    .isZero();
        }

        int status = gate("sized", "--sensitivity", "10%");

        assertThat(status).as(perf.output()).isZero();
        assertThat(perf.out())
                .contains("--sensitivity 10%: every scenario runs 10s (the longest any budgeted load metric needs;"
                        + " the cap is 535s)")
                .contains("The gate detects (80% power, 1% false alarms; docs/power.md):")
                .contains("(+0%; history, scaled, 5 runs; within limit <= 10 min, exact)");
        assertThat(perf.children().last("steady").setting("duration")).contains("10s");
        assertThat(dir.resolve("sized/environment.json"))
                .content()
                .contains("\"gate.duration\" : \"10s\"", "\"gate.sensitivity\" : \"0.1\"");
    }
}
