package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perf load} and {@code perf bench}: a foreground child with the user's arguments, an environment.json
 * written first (kept when the folder has one), and a run folder {@code perf report} reads.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class RunFolderCommandsTest {

    @TempDir
    Path dir;

    private PerfHarness perf;

    @BeforeEach
    void checkout() {
        perf = new PerfHarness(dir.resolve("checkout"));
    }

    @Test
    void load_scenario_startsItsSimulationInTheForegroundAndTheFolderCanBeReported() {
        Path run = dir.resolve("load-run");
        Path profile = dir.resolve("p.json");

        int status = perf.run(
                "load",
                "steady",
                "--run",
                run.toString(),
                "--model",
                "tiny:latest",
                "--emulator-profile",
                profile.toString(),
                "-Dollama.perf.duration=2s",
                "-Dgatling.x=1");

        assertThat(status).as(perf.output()).isZero();
        FakeChild child = perf.children().last("steady");
        assertThat(child.spec().detached()).isFalse();
        assertThat(child.spec().command())
                .containsSubsequence(
                        JavaCommands.GATLING_OPENS,
                        "-Dollama.perf.run=" + run,
                        "-Dollama.perf.models=tiny:latest",
                        "-Dollama.perf.emulatorProfiles=" + profile,
                        "-Dollama.perf.duration=2s",
                        "-Dgatling.x=1",
                        "-cp",
                        JavaCommands.GATLING,
                        "--simulation",
                        "dev.ollamaperf.load.simulations.SteadySimulation",
                        "--results-folder",
                        run.resolve("gatling").toString(),
                        "--no-reports");
        assertThat(run.resolve("environment.json"))
                .content()
                .contains("\"load.steady\" : \"-Dollama.perf.models=tiny:latest");
        assertReportable(run, "load.steady.");
    }

    @Test
    void load_scenarioWhoseObjectivesFail_exitsOneNotGatlingsTwo() {
        Path run = dir.resolve("load-run");
        perf.children().on("steady", child -> {
            child.writeResults();
            return LoadOutcome.GATLING_ASSERTIONS_FAILED;
        });

        int status = perf.run("load", "steady", "--run", run.toString());

        assertThat(status).as(perf.output()).isEqualTo(ExitCode.FAIL.code());
    }

    @Test
    void load_targetStoppedAnsweringMidRun_exitsThreeAndTheMetricsCanBeReported() {
        Path run = dir.resolve("load-run");
        perf.children().on("steady", child -> {
            child.writeResults();
            child.print(
                    "ollama-perf: target http://127.0.0.1:9 stopped answering at 2026-11-26T16:05:05Z (18 connection"
                            + " failures); metrics kept in " + run.resolve("load/metrics.json"));
            return LoadOutcome.TARGET_STOPPED_ANSWERING;
        });

        int status = perf.run("load", "steady", "--run", run.toString());

        assertThat(status).as(perf.output()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(perf.err()).as("the child's own line says it").doesNotContain("perf load:");
        assertReportable(run, "load.steady.");
    }

    @Test
    void load_scenarioThatWroteNothing_exitsThree() {
        perf.children().on("arrival", FakeScript.failing(1, "error: target http://127.0.0.1:9 is not reachable"));

        int status =
                perf.run("load", "arrival", "--run", dir.resolve("load-run").toString());

        assertThat(status).as(perf.output()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(perf.output()).contains("wrote no results");
    }

    @Test
    void load_targetUnreachable_exitsThreeWithTheCheckersLineAndStartsNoScenario() {
        perf.children()
                .on(
                        "target-check",
                        FakeScript.failing(
                                3,
                                "error: Ollama is not usable at http://127.0.0.1:9: cannot connect; is it running (ollama serve)?"));

        int status = perf.run("load", "steady", "--run", dir.resolve("load-run").toString());

        assertThat(status).as(perf.output()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(perf.output()).contains("error: Ollama is not usable at http://127.0.0.1:9");
        assertThat(perf.children().names()).containsExactly("target-check");
    }

    @Test
    void load_injectorWithStartTime_passesBothAsSettingsAndKeepsItsGatlingLogApart() {
        Path run = dir.resolve("shared");

        int status = perf.run(
                "load", "arrival", "--run", run.toString(), "--injector", "2/3", "--start-at", "2026-12-07T09:00:00Z");

        assertThat(status).as(perf.output()).isZero();
        FakeChild child = perf.children().last("arrival");
        assertThat(child.setting("injector")).contains("2/3");
        assertThat(child.setting("startAt")).contains("2026-12-07T09:00:00Z");
        assertThat(child.spec().command())
                .containsSubsequence(
                        "--results-folder",
                        run.resolve("gatling/injector-2-of-3").toString());
        assertThat(perf.children().last("target-check").setting("injector")).contains("2/3");
    }

    @Test
    void load_runAsASetting_isTheRunFolder() {
        Path run = dir.resolve("other");

        perf.run("load", "arrival", "-Dollama.perf.run=" + run);

        assertThat(perf.children().last("arrival").setting("run")).contains(run.toString());
        assertThat(run.resolve("environment.json")).content().contains("\"load.arrival\" : \"defaults\"");
    }

    @Test
    void load_folderWithAnEnvironment_keepsIt() throws IOException {
        Path run = dir.resolve("load-run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("environment.json"), "{\"kept\": true}");

        perf.run("load", "steady", "--run", run.toString());

        assertThat(run.resolve("environment.json")).hasContent("{\"kept\": true}");
    }

    @Test
    void bench_arguments_goToTheSuiteAsTheyAreAndTheFolderCanBeReported() {
        Path run = dir.resolve("bench-run");

        int status =
                perf.run("bench", "--mode", "smoke", "--run", run.toString(), "--include", "Limiter", "--", "-f", "2");

        assertThat(status).isZero();
        FakeChild child = perf.children().last("jmh");
        assertThat(child.spec().detached()).isFalse();
        assertThat(child.spec().command())
                .endsWith(
                        JavaCommands.BENCHMARK_SUITE,
                        "--mode",
                        "smoke",
                        "--run",
                        run.toString(),
                        "--include",
                        "Limiter",
                        "--",
                        "-f",
                        "2");
        assertThat(run.resolve("environment.json")).content().contains("\"bench\" : \"--mode smoke --run ");
        assertReportable(run, "jmh.CacheBenchmark.get_memoryHit");
    }

    @Test
    void runFolder_ofBenchArguments_isWhereTheSuiteWrites() {
        assertThat(BenchCommand.runFolder(List.of())).contains(BenchCommand.DEFAULT_RUN);
        assertThat(BenchCommand.runFolder(List.of("--run=x"))).contains(Path.of("x"));
        assertThat(BenchCommand.runFolder(List.of("--mode", "quick", "--run", "y")))
                .contains(Path.of("y"));
        assertThat(BenchCommand.runFolder(List.of("--", "--run", "z"))).contains(BenchCommand.DEFAULT_RUN);
        assertThat(BenchCommand.runFolder(List.of("--mode", "smoke", "-h"))).isEqualTo(Optional.empty());
        assertThat(BenchCommand.runFolder(List.of("--version"))).isEqualTo(Optional.empty());
    }

    @Test
    void reportAndHistory_withoutAHistoryOption_useTheGatesHistory() {
        Path run = dir.resolve("load-run");
        perf.run("load", "steady", "--run", run.toString(), "-Dollama.perf.duration=2s");
        Path gates = perf.root().resolve("target/perf/history.db");

        int reported = perf.run("report", run.toString());
        int listed = perf.run("history");
        String listing = perf.out();
        int named = perf.run("history", "--history", gates.toString());

        assertThat(reported).as(perf.output()).isZero();
        assertThat(gates).exists();
        assertThat(dir.resolve("history.db")).as("not beside the run folder").doesNotExist();
        assertThat(listed).as(perf.output()).isZero();
        assertThat(listing)
                .contains("History " + gates)
                .contains(run.getFileName().toString());
        assertThat(named).as("--history, as perf gate and perf report name it").isZero();
    }

    private void assertReportable(Path run, String metric) {
        int status = perf.run("report", run.toString(), "--no-history");

        assertThat(status).as(perf.output()).isZero();
        assertThat(run.resolve("results.json")).content().contains(metric);
    }
}
