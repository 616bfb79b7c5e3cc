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
 * The gate's steps in-process, with fake children and the real reports: the order of the steps, the
 * children's command lines, the early exits, and the confirmation rounds. Ctrl-C: {@link GateInterruptTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class GateTest {

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
    void gate_healthyChildren_runsTheStepsInOrderAndPasses() throws IOException {
        int status = perf.run("gate", "--run", run.toString(), "--no-history");

        assertThat(status).as(perf.output()).isZero();
        assertThat(perf.children().names()).containsExactly("target-check", "jmh", "steady", "arrival", "cache");
        assertThat(perf.out())
                .contains(
                        "[gate 1/6 ",
                        "] target check: embedded emulator (log: " + run.resolve("logs/target-check.log"),
                        "[gate 2/6 ",
                        "] JMH quick suite (about 3 minutes for the whole suite); log: " + run.resolve("logs/jmh.log"),
                        "[gate 3/6 ",
                        "] load: steady for 20s, through the integration and direct, alternating (log: "
                                + run.resolve("logs/steady.log"),
                        "[gate 4/6 ",
                        "] load: arrival for 20s, through the integration and direct, alternating",
                        "[gate 5/6 ",
                        "] load: cache for 20s, through the integration",
                        "[gate 6/6 ",
                        "] report: budgets, baseline, history",
                        "Performance gate: PASS",
                        "[gate] done in ")
                .doesNotContain("building");
        assertThat(run.resolve("environment.json"))
                .content()
                .contains("\"gate.bench_mode\" : \"quick\"")
                .contains("\"gate.confirm\" : \"1\"")
                .contains("\"gate.scenarios\" : \"steady,arrival,cache\"");
        assertThat(run.resolve("summary.md")).exists();
        assertThat(run.resolve("results.json")).content().contains("jmh.", "load.steady.", "load.arrival.");
    }

    @Test
    void gate_children_areStartedWithTheGatesSettingsAndTheUsersFlagsLast() {
        perf.run(
                "gate",
                "--run",
                run.toString(),
                "--no-history",
                "--duration",
                "5s",
                "--model",
                "m:1",
                "--bench-mode",
                "smoke",
                "--bench-include",
                "Limiter",
                "-Dollama.perf.rate=3");

        FakeChild jmh = perf.children().last("jmh");
        assertThat(jmh.spec().command())
                .containsSubsequence(
                        "/jdk/bin/java",
                        "-cp",
                        perf.root()
                                .resolve("benchmarks/target/ollama-perf-benchmarks.jar")
                                .toString(),
                        JavaCommands.BENCHMARK_SUITE,
                        "--mode",
                        "smoke",
                        "--run",
                        run.toString(),
                        "--include",
                        "Limiter");
        FakeChild steady = perf.children().last("steady");
        assertThat(steady.spec().command())
                .containsSubsequence(
                        "/jdk/bin/java",
                        JavaCommands.GATLING_OPENS,
                        "-Dollama.perf.duration=5s",
                        "-Dollama.perf.rate=1",
                        "-Dollama.perf.numPredict=32",
                        "-Dollama.perf.models=m:1",
                        "-Dollama.perf.rate=3",
                        "-Dollama.perf.run=" + run,
                        "-Dollama.perf.metricsFile=metrics-steady.json",
                        "-cp",
                        JavaCommands.GATLING,
                        "--simulation",
                        "dev.ollamaperf.load.simulations.SteadySimulation",
                        "--results-folder",
                        run.resolve("gatling").toString(),
                        "--no-reports");
        assertThat(steady.setting("rate")).as("the user's flag wins").contains("3");
        assertThat(steady.option("-cp"))
                .contains(perf.root().resolve("load-tests/target/ollama-perf-load-tests.jar")
                        + ":/m2/gatling.jar:/m2/netty.jar");
        assertThat(perf.children().last("arrival").commandLine())
                .contains("ArrivalRateSimulation", "-Dollama.perf.metricsFile=metrics-arrival.json");
        assertThat(perf.children().last("target-check").commandLine())
                .contains(JavaCommands.TARGET_CHECK, "-Dollama.perf.models=m:1")
                .doesNotContain("metricsFile");
        assertThat(perf.children().started()).allMatch(c -> c.spec().detached(), "every gate child is detached");
    }

    @Test
    void gate_workloadSession_runsSteadyAndArrivalThroughTheIntegrationInsteadOfPaired() {
        perf.run("gate", "--run", run.toString(), "--no-history", "--bench-mode", "smoke");
        assertThat(perf.children().last("steady").setting("mode")).contains("paired");
        assertThat(perf.children().last("arrival").setting("mode")).contains("paired");

        perf.run(
                "gate",
                "--run",
                run.resolve("sessions").toString(),
                "--no-history",
                "--bench-mode",
                "smoke",
                "-Dollama.perf.workload=session");

        FakeChild steady = perf.children().last("steady");
        assertThat(steady.setting("workload")).contains("session");
        assertThat(steady.setting("mode"))
                .as("a pair cannot split a conversation")
                .contains("gateway");
        assertThat(steady.setting("users")).contains("5");
        assertThat(perf.children().last("arrival").setting("mode")).contains("gateway");
    }

    @Test
    void gate_emulatorProfile_isPassedAbsoluteAndNamedInTheTargetLine() throws IOException {
        Path profile = Files.writeString(dir.resolve("profile.json"), "{}");

        perf.run("gate", "--run", run.toString(), "--no-history", "--emulator-profile", profile.toString());

        assertThat(perf.out()).contains("target check: embedded emulator with " + profile + " (log: ");
        assertThat(perf.children().last("target-check").setting("emulatorProfiles"))
                .contains(profile.toString());
        assertThat(run.resolve("environment.json")).content().contains("gate.emulator_profile");
    }

    @Test
    void gate_endpointInTheEnvironment_isTheTargetOfTheCheckAndEnvironmentJson() {
        perf.env().put("OLLAMA_HOST", "http://127.0.0.1:11434");

        perf.run("gate", "--run", run.toString(), "--no-history");

        assertThat(perf.out()).contains("target check: http://127.0.0.1:11434 (log: ");
        assertThat(run.resolve("environment.json")).content().contains("\"kind\" : \"ollama\"");
    }

    @Test
    void gate_unreachableTarget_exitsThreeShowingItsErrorAndRunsNothingElse() {
        perf.children()
                .on(
                        "target-check",
                        FakeScript.failing(
                                3,
                                "preflight: trying",
                                "error: Ollama is not usable at" + " http://127.0.0.1:9: connection refused"));

        int status = perf.run("gate", "--run", run.toString(), "--no-history");

        assertThat(status).isEqualTo(3);
        assertThat(perf.err())
                .contains("error: Ollama is not usable at http://127.0.0.1:9")
                .doesNotContain("preflight");
        assertThat(perf.children().names()).containsExactly("target-check");
        assertThat(run.resolve("jmh")).doesNotExist();
    }

    @Test
    void gate_profileWithoutTheModel_exitsTwoShowingWhatTheCheckSaid() {
        perf.children()
                .on(
                        "target-check",
                        FakeScript.failing(
                                2,
                                "error: model llama3.2:latest not found; present:"
                                        + " gate-test:latest. pick one with --model NAME"));

        assertThat(perf.run("gate", "--run", run.toString(), "--no-history")).isEqualTo(2);
        assertThat(perf.err()).contains("llama3.2:latest not found", "--model NAME");
    }

    @Test
    void gate_targetCheckCrashes_exitsFourShowingTheEndOfItsLog() {
        perf.children().on("target-check", FakeScript.failing(1, "a", "b", "c", "d", "e", "f", "Exception in main"));

        assertThat(perf.run("gate", "--run", run.toString(), "--no-history")).isEqualTo(4);
        assertThat(perf.err()).contains("c\nd\ne\nf\nException in main").doesNotContain("b\n");
    }

    @Test
    void gate_jmhFails_exitsFourNamingTheLog() {
        perf.children().on("jmh", FakeScript.failing(4, "# Run progress", "java.lang.IllegalStateException: boom"));

        assertThat(perf.run("gate", "--run", run.toString(), "--no-history")).isEqualTo(4);
        assertThat(perf.err())
                .contains(
                        "perf gate: the JMH suite failed (exit 4); see " + run.resolve("logs/jmh.log"),
                        "IllegalStateException: boom");
        assertThat(perf.children().names()).doesNotContain("steady");
    }

    @Test
    void gate_anotherJmhRunning_exitsThree() {
        perf.children()
                .on(
                        "jmh",
                        FakeScript.failing(
                                4,
                                "ERROR: Another JMH instance might be running. Unable to"
                                        + " acquire the JMH lock (/tmp/jmh.lock), exiting."));

        assertThat(perf.run("gate", "--run", run.toString(), "--no-history")).isEqualTo(3);
        assertThat(perf.err()).contains("Another JMH instance might be running. Unable to acquire");
    }

    @Test
    void gate_loadStepWritesNothing_exitsThreeShowingTheCauseAndReportsTheBenchmarksAsInvalid() throws IOException {
        perf.children().on("steady", FakeScript.failing(1, "noise", "PreflightException: not usable at x"));

        assertThat(perf.run("gate", "--run", run.toString(), "--no-history")).isEqualTo(3);
        assertThat(perf.err())
                .contains(
                        "perf gate: the steady scenario wrote no results; the target may be unreachable:",
                        "PreflightException: not usable at x",
                        "full log: " + run.resolve("logs/steady.log"))
                .doesNotContain("noise");
        assertThat(perf.children().names()).containsExactly("target-check", "jmh", "steady");
        assertThat(run.resolve("results.json"))
                .content()
                .contains("jmh.", "\"INVALID\"", "partial run: the steady scenario wrote no results");
    }

    @Test
    void gate_targetStopsAnsweringDuringSteady_reportsWhatWasMeasuredAsInvalidAndExitsThree() throws IOException {
        Path history = dir.resolve("history.db");
        String line = "ollama-perf: target http://127.0.0.1:9 stopped answering at 2026-11-26T16:05:05Z (18 connection"
                + " failures); metrics kept in " + run.resolve("load/metrics-steady.json");
        perf.children().on("steady", child -> {
            child.writeResults();
            child.print(
                    "WARNING steady: the target stopped answering at 2026-11-26T16:05:05Z (18 connection failures)");
            child.print(line);
            return LoadOutcome.TARGET_STOPPED_ANSWERING;
        });

        int status = perf.run("gate", "--run", run.toString(), "--history", history.toString(), "--confirm", "2");

        assertThat(status).as(perf.output()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(perf.children().names())
                .as("no arrival scenario, no confirmation rerun")
                .containsExactly("target-check", "jmh", "steady");
        assertThat(perf.err())
                .contains(
                        line,
                        "perf gate: exit 3, the target stopped answering; the report above covers"
                                + " what was measured before it, marked INVALID (partial run: the target stopped answering during the steady"
                                + " scenario)");
        assertThat(perf.out())
                .contains(
                        "] report: budgets, baseline, history (partial run, INVALID)",
                        "run invalid: partial run: the target stopped answering during the steady scenario",
                        "[gate] done in ");
        assertThat(run.resolve("results.json")).content().contains("jmh.", "load.steady.", "\"INVALID\"");
        assertThat(run.resolve("index.html")).exists();

        // The history keeps the partial run but never takes it as the baseline.
        PerfHarness next = new PerfHarness(dir.resolve("checkout"));
        assertThat(next.run("gate", "--run", dir.resolve("next").toString(), "--history", history.toString()))
                .as(next.output())
                .isZero();
        assertThat(next.out()).contains("holds no earlier valid, non-failing run", "(2 runs stored)");
    }

    @Test
    void gate_budgetFailsOnALoadMetric_rerunsThatScenarioAndFailsConfirmed() throws IOException {
        Path budgets = budgets("load.steady.*.ttft.p50", "<= 1 ms");

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--budgets", budgets.toString());

        assertThat(status).as(perf.output()).isEqualTo(1);
        assertThat(perf.children().names())
                .containsExactly("target-check", "jmh", "steady", "arrival", "cache", "steady");
        FakeChild rerun = perf.children().started().get(5);
        assertThat(rerun.setting("run")).contains(run.resolve("confirm-1").toString());
        assertThat(rerun.spec().log()).isEqualTo(run.resolve("confirm-1/logs/steady.log"));
        assertThat(perf.out())
                .contains(
                        "] confirming 1 failing check(s) by rerunning the load scenario(s) steady into "
                                + run.resolve("confirm-1"),
                        "] confirm: load steady for 20s (log: " + run.resolve("confirm-1/logs/steady.log"),
                        "] report again, with the rerun: " + run.resolve("confirm-1"));
        assertThat(run.resolve("confirm-1/environment.json")).hasSameTextualContentAs(run.resolve("environment.json"));
        assertThat(run.resolve("summary.md")).content().contains("confirmed on rerun: first ");
    }

    @Test
    void gate_budgetFailsOnAJmhMetric_rerunsThatMethodInTheGatesMode() throws IOException {
        Path budgets = budgets("jmh.CacheBenchmark.get_memoryHit*.time", "<= 0.001 ns/op");

        int status = perf.run(
                "gate",
                "--run",
                run.toString(),
                "--no-history",
                "--budgets",
                budgets.toString(),
                "--bench-mode",
                "quick");

        assertThat(status).as(perf.output()).isEqualTo(1);
        FakeChild rerun = perf.children().started().get(5);
        assertThat(rerun.spec().name()).isEqualTo("jmh");
        assertThat(rerun.spec().command())
                .containsSubsequence(
                        "--mode",
                        "quick",
                        "--run",
                        run.resolve("confirm-1").toString(),
                        "--include",
                        "\\.CacheBenchmark\\.get_memoryHit$");
        assertThat(perf.out()).contains("] confirm: JMH quick mode, \\.CacheBenchmark\\.get_memoryHit$ (log: ");
    }

    @Test
    void gate_confirmTwo_rerunsTwiceAndReportsWithBothReruns() throws IOException {
        Path budgets = budgets("load.steady.*.ttft.p50", "<= 1 ms");

        int status = perf.run(
                "gate", "--run", run.toString(), "--no-history", "--budgets", budgets.toString(), "--confirm", "2");

        assertThat(status).isEqualTo(1);
        assertThat(perf.children().names())
                .containsExactly("target-check", "jmh", "steady", "arrival", "cache", "steady", "steady");
        assertThat(perf.out())
                .contains("report again, with the reruns: " + run.resolve("confirm-2"))
                .containsPattern("reruns +\\S+/confirm-1, \\S+/confirm-2");
    }

    @Test
    void gate_confirmZero_failsWithoutRerunning() throws IOException {
        Path budgets = budgets("load.steady.*.ttft.p50", "<= 1 ms");

        int status = perf.run(
                "gate", "--run", run.toString(), "--no-history", "--budgets", budgets.toString(), "--confirm", "0");

        assertThat(status).isEqualTo(1);
        assertThat(perf.children().names()).containsExactly("target-check", "jmh", "steady", "arrival", "cache");
        assertThat(perf.out()).doesNotContain("confirming");
    }

    @Test
    void gate_failureNoRerunCanClear_saysSoAndKeepsTheVerdict() throws IOException {
        Path budgets = budgets("server.*", "<= 1 B");

        int status = perf.run("gate", "--run", run.toString(), "--no-history", "--budgets", budgets.toString());

        assertThat(status).as(perf.output()).isEqualTo(1);
        assertThat(perf.out()).contains("[gate] not confirming: a rerun cannot clear server.");
        assertThat(perf.children().names()).hasSize(5);
    }

    @Test
    void gate_history_isAppendedToAndIsTheBaseline() {
        Path history = dir.resolve("history.db");

        int status = perf.run("gate", "--run", run.toString(), "--history", history.toString());

        assertThat(status).as(perf.output()).isZero();
        assertThat(perf.out())
                .as("the report was asked for the history baseline")
                .contains(
                        "note: no baseline: history " + history + " does not exist yet",
                        "History: appended to " + history);
        assertThat(history).exists();
    }

    @Test
    void gate_baselineGiven_isPassedOnAsGiven() {
        perf.run("gate", "--run", dir.resolve("first").toString(), "--no-history");

        int status = perf.run(
                "gate",
                "--run",
                run.toString(),
                "--no-history",
                "--baseline",
                dir.resolve("first").toString());

        assertThat(status).as(perf.output()).isZero();
        assertThat(run.resolve("results.json")).content().contains("\"baseline\" : \"");
    }

    @Test
    void gate_noRunFolderGiven_writesUnderTargetPerfRunsNamedAfterTheStart() {
        perf.run("gate", "--no-history");

        assertThat(perf.root().resolve("target/perf/runs/2026-11-26T16-05-00Z/summary.md"))
                .exists();
    }

    @Test
    void gate_jarsNotBuilt_exitsTwoNamingTheJarAndTheBuild() throws IOException {
        Files.delete(perf.root().resolve("load-tests/target/ollama-perf-load-tests.jar"));

        assertThat(perf.run("gate", "--run", run.toString(), "--no-history")).isEqualTo(2);
        assertThat(perf.err())
                .contains("perf: load-tests/target/ollama-perf-load-tests.jar is missing; build it with"
                        + " ./mvnw -B -q -pl cli -am package -DskipTests");
    }

    private Path budgets(String select, String limit) throws IOException {
        return Files.writeString(
                dir.resolve("budgets.yaml"),
                String.join(
                        "\n",
                        List.of(
                                "version: 1",
                                "budgets:",
                                "  - select: \"" + select + "\"",
                                "    limit: " + limit,
                                "")));
    }
}
