package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in each of the gate's steps, in-process: the child of a target check, of JMH and of a confirmation
 * rerun is stopped at once; a load step is let finish, then reported; a second Ctrl-C abandons it. Every
 * way the gate exits 130. (That a real Ctrl-C reaches perf and not its detached children is
 * {@code ProcessLauncherTest}'s and {@code dev.ollamaperf.scripts.GateSigintIT}'s.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GateInterruptTest {

    @TempDir
    Path dir;

    private PerfHarness perf;
    private Path run;

    @BeforeEach
    void checkout() {
        perf = new PerfHarness(dir.resolve("checkout"));
        run = dir.resolve("run");
    }

    @Test
    void gate_ctrlCDuringTheTargetCheck_stopsItAndEndsWithoutAReport() {
        perf.children().on("target-check", FakeScript.ctrlC(perf.interrupts(), FakeScript.untilStopped()));

        int status = gate();

        assertThat(status).isEqualTo(130);
        assertThat(perf.children().last("target-check").stopped()).isTrue();
        assertThat(perf.children().names()).containsExactly("target-check");
        assertThat(perf.err())
                .contains(
                        "perf gate: interrupted before anything was measured; no report. Logs: " + run.resolve("logs"));
        assertThat(run.resolve("summary.md")).doesNotExist();
    }

    @Test
    void gate_ctrlCDuringJmh_stopsItAtOnceAndStartsNoLoadStep() {
        perf.children().on("jmh", FakeScript.ctrlC(perf.interrupts(), FakeScript.untilStopped()));

        int status = gate();

        assertThat(status).isEqualTo(130);
        assertThat(perf.children().last("jmh").stopped()).isTrue();
        assertThat(perf.children().names()).containsExactly("target-check", "jmh");
        assertThat(run.resolve("load")).doesNotExist();
        assertThat(run.resolve("summary.md")).doesNotExist();
    }

    @Test
    void gate_ctrlCDuringJmhThatLeftAPartialFile_movesItAsideSoNoReportReadsIt() {
        perf.children().on("jmh", FakeScript.ctrlC(perf.interrupts(), child -> {
            Files.createDirectories(run.resolve("jmh"));
            Files.writeString(run.resolve("jmh/results.json"), "[\n  {\"benchmark\" : \"half");
            return child.runUntilStopped();
        }));

        assertThat(gate()).isEqualTo(130);
        assertThat(run.resolve("jmh/results.json")).doesNotExist();
        assertThat(run.resolve("jmh/results.json.partial")).exists();
        assertThat(perf.err()).contains("the JMH suite was stopped before it wrote its results");
    }

    @Test
    void gate_ctrlCDuringALoadStep_finishesTheStepReportsItAndStartsNoOther() throws IOException {
        perf.children().on("steady", FakeScript.ctrlC(perf.interrupts(), FakeScript.healthy()));

        int status = gate();

        assertThat(status).isEqualTo(130);
        assertThat(perf.children().last("steady").stopped())
                .as("the step is let finish")
                .isFalse();
        assertThat(perf.children().names()).containsExactly("target-check", "jmh", "steady");
        assertThat(perf.err())
                .contains(
                        "perf gate: finishing the current load step so its results are kept (Ctrl-C again"
                                + " to abandon it)",
                        "perf gate: interrupted; the report above covers what was measured before Ctrl-C.");
        assertThat(perf.out()).contains("report: budgets, baseline, history", "[gate] done in ");
        assertThat(run.resolve("load/metrics-steady.json")).exists();
        assertThat(run.resolve("load/metrics-arrival.json")).doesNotExist();
        assertThat(run.resolve("results.json")).content().contains("load.steady.");
    }

    @Test
    void gate_secondCtrlCDuringALoadStep_abandonsIt() {
        perf.children().on("steady", FakeScript.ctrlCTwice(perf.interrupts(), FakeScript.healthyUnlessStopped()));

        int status = gate();

        assertThat(status).isEqualTo(130);
        assertThat(perf.children().last("steady").stopped()).isTrue();
        assertThat(run.resolve("load/metrics-steady.json")).doesNotExist();
        assertThat(run.resolve("results.json"))
                .as("JMH was measured, so it is reported")
                .content()
                .contains("jmh.");
    }

    @Test
    void gate_ctrlCWhileConfirming_stopsTheRerunAndKeepsTheFirstVerdict() throws IOException {
        Path budgets = Files.writeString(
                dir.resolve("budgets.yaml"),
                String.join(
                        "\n",
                        List.of(
                                "version: 1",
                                "budgets:",
                                "  - select: load.steady.*.ttft.p50",
                                "    limit: <= 1 ms",
                                "")));
        perf.children()
                .on(
                        "steady",
                        child -> child.setting("run").orElseThrow().endsWith("confirm-1")
                                ? FakeScript.ctrlC(perf.interrupts(), FakeScript.untilStopped())
                                        .run(child)
                                : FakeScript.healthy().run(child));

        int status = gate("--budgets", budgets.toString());

        assertThat(status).isEqualTo(130);
        assertThat(perf.children().last("steady").stopped())
                .as("the rerun is stopped at once")
                .isTrue();
        assertThat(perf.out()).contains("confirming 1 failing check(s) by rerunning the load scenario(s) steady");
        assertThat(perf.err())
                .contains("perf gate: interrupted while confirming; the first verdict above stands (Ctrl-C).");
        assertThat(run.resolve("summary.md"))
                .as("the first report stands")
                .content()
                .contains("# Performance gate: FAIL")
                .doesNotContain("on rerun");
        assertThat(run.resolve("confirm-1/load/metrics-steady.json")).doesNotExist();
    }

    private int gate(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("gate", "--run", run.toString(), "--no-history"));
        args.addAll(List.of(more));
        return perf.run(args.toArray(String[]::new));
    }
}
