package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C (SIGINT to the script's own process, as a terminal sends it) during a gate: in a load step
 * the step finishes, its metrics are kept and the report is written; in the JMH suite the gate stops
 * at once; while the gate reruns a failing part to confirm a failure, the rerun stops at once and the
 * first verdict stands. Each way the exit status is 130. Runs go to {@code target/gate-interrupt/<test>/}.
 */
final class GateInterruptTest {

    private Path work;
    private Path profile;

    @BeforeEach
    void prepare(TestInfo test) throws IOException {
        work = PerfScript.repositoryRoot().resolve("scripts/target/gate-interrupt")
                .resolve(test.getTestMethod().orElseThrow().getName());
        GateValidationTest.deleteRecursively(work);
        Files.createDirectories(work);
        profile = work.resolve("calibrated-profile.json");
        try (InputStream in = GateInterruptTest.class.getResourceAsStream("calibrated-profile.json")) {
            Files.copy(in, profile);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void gate_ctrlCDuringALoadStep_finishesTheStepKeepsItsMetricsAndReports() throws Exception {
        Path run = work.resolve("run");
        PerfScript script = gate(run, "6s", "--bench-mode", "smoke");
        script.awaitFile(run.resolve("logs/steady.log"), log -> log.contains("Simulation") && log.contains("started"),
                "steady simulation start", Duration.ofMinutes(2));

        script.interrupt();
        int status = script.await(Duration.ofMinutes(2));

        assertThat(status).as(script.output()).isEqualTo(130);
        assertThat(script.output()).contains("finishing the current load step").contains("interrupted");
        assertThat(run.resolve("load/metrics-steady.json")).as("the interrupted step's metrics are kept").exists();
        assertThat(run.resolve("load/metrics-arrival.json")).as("no step starts after Ctrl-C").doesNotExist();
        assertThat(run.resolve("summary.md")).exists();
        assertThat(run.resolve("index.html")).exists();
        assertThat(PerfScript.read(run.resolve("summary.md"))).contains("load.steady.");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void gate_ctrlCDuringJmh_stopsPromptly() throws Exception {
        Path run = work.resolve("run");
        PerfScript script = gate(run, "4s");
        script.awaitFile(run.resolve("logs/jmh.log"), log -> log.contains("# Warmup Iteration"),
                "the first JMH warm-up iteration", Duration.ofMinutes(2));
        List<ProcessHandle> started = script.descendants();
        long signalled = System.nanoTime();

        script.interrupt();
        int status = script.await(Duration.ofMinutes(1));

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);
        assertThat(started).as("the JMH runner and its forked benchmark JVM").isNotEmpty();
        for (ProcessHandle process : started) {
            assertThat(process.onExit()).as("%s is left running", process.info().commandLine().orElse("?"))
                    .succeedsWithin(Duration.ofSeconds(15));
        }
        assertThat(status).as(script.output()).isEqualTo(130);
        assertThat(seconds).as("stopped promptly (20 s allows for a loaded 2-core machine; the suite alone"
                + " would run on for about 2.5 minutes)").isLessThan(20);
        assertThat(run.resolve("load")).as("no load step starts after Ctrl-C").doesNotExist();
        assertThat(run.resolve("jmh/results.json")).doesNotExist();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void gate_ctrlCWhileConfirming_keepsTheFirstVerdict() throws Exception {
        Path run = work.resolve("run");
        // A limit the calibrated model (200 ms prefill) always breaks, so the gate fails and reruns steady.
        Path budgets = Files.writeString(work.resolve("budgets.yaml"), String.join("\n", "version: 1", "budgets:",
                "  - select: load.steady.*.ttft.p50", "    limit: <= 1 ms", ""));
        PerfScript script = gate(run, "4s", "--budgets", budgets.toString(), "--bench-mode", "smoke");
        script.awaitFile(run.resolve("confirm-1/logs/steady.log"), log -> log.contains("Simulation") && log.contains("started"),
                "the rerun's steady simulation start", Duration.ofMinutes(3));

        script.interrupt();
        int status = script.await(Duration.ofMinutes(1));

        assertThat(status).as(script.output()).isEqualTo(130);
        assertThat(script.output()).contains("confirming 1 failing check(s) by rerunning the load scenario(s) steady")
                .contains("interrupted while confirming; the first verdict above stands");
        String summary = PerfScript.read(run.resolve("summary.md"));
        assertThat(summary).as("the first report stands").contains("# Performance gate: FAIL")
                .doesNotContain("on rerun");
        assertThat(run.resolve("confirm-1/load/metrics-steady.json")).as("the rerun is stopped at once").doesNotExist();
    }

    /** A gate against the embedded emulator with the calibrated profile, started but not awaited. */
    private PerfScript gate(Path run, String duration, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("gate", "--run", run.toString(), "--no-history",
                "--emulator-profile", profile.toString(), "--model", "gate-test:latest", "--duration", duration,
                "--bench-include", "LimiterBenchmark.acquireRelease_uncontended"));
        args.addAll(List.of(more));
        return new PerfScript(work.resolve("gate.out"), Map.of("OLLAMA_NUM_PARALLEL", "8", "OLLAMA_MAX_CONCURRENT", "2"))
                .start(args.toArray(String[]::new));
    }
}
