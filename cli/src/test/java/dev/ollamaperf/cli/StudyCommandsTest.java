package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code capacity}, {@code compare-models}, {@code record-profile} and {@code emulator} in-process, with
 * fake children and the real reports: what is started with which settings, the progress lines relayed
 * from the child's own structured lines, the analysis, the exit codes. (The simulations themselves with
 * their analyses: load-tests' and reports' end-to-end tests.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class StudyCommandsTest {

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
    void compareModels_measuredRun_relaysProgressAndRanksTheModels() throws Exception {
        perf.children().on("compare-models", child -> {
            child.print("ollama-perf: target http://127.0.0.1:1 (emulator), ...");
            child.print("ollama-perf progress: warming up (loads the models)");
            child.print("ollama-perf progress: 12 requests, 0 failed");
            child.writeResults();
            return 0;
        });

        int status = perf.run(
                "compare-models",
                "--models",
                "sluggish:latest,quick:latest",
                "--duration",
                "6s",
                "--run",
                run.toString(),
                "-Dollama.perf.numPredict=8");

        assertThat(status).as(perf.output()).isZero();
        FakeChild child = perf.children().last("compare-models");
        assertThat(child.spec().detached()).isTrue();
        assertThat(child.spec().command())
                .containsSubsequence(
                        "-Dollama.perf.run=" + run,
                        "-Dollama.perf.models=sluggish:latest,quick:latest",
                        "-Dollama.perf.duration=6s",
                        "-Dollama.perf.users=1",
                        "-Dollama.perf.numPredict=8",
                        JavaCommands.GATLING,
                        "--simulation",
                        "dev.ollamaperf.load.simulations.ModelComparisonSimulation");
        assertThat(perf.out())
                .contains(
                        "[compare-models   ",
                        "s] compare models for 6s against embedded (log: " + run.resolve("logs/compare-models.log"),
                        "s] running: warming up (loads the models)",
                        "s] running: 12 requests, 0 failed",
                        "s] analysing " + run,
                        "rank")
                .doesNotContain("ollama-perf: target");
        JsonNode ranking =
                new ObjectMapper().readTree(run.resolve("models.json").toFile()).path("rankings");
        assertThat(ranking.isMissingNode()).isFalse();
        assertThat(run.resolve("index.html")).exists();
        assertThat(run.resolve("environment.json")).content().contains("\"compare-models\" : \"-Dollama.perf.models=");
    }

    /** A bad load setting is the target check's to refuse: exit 2 with its one line, and no measurement starts. */
    @ParameterizedTest
    @CsvSource({"capacity, --model, a:1", "compare-models, --models, 'a:1,b:1'"})
    void measurement_badWorkload_exitsTwoShowingTheCheckAndMeasuresNothing(
            String command, String option, String models) {
        perf.children()
                .on(
                        "target-check",
                        FakeScript.failing(
                                2, "error: 'ollama.perf.workload' must be one of single, session, got: foo"));

        int status = perf.run(command, option, models, "--run", run.toString(), "-Dollama.perf.workload=foo");

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("error: 'ollama.perf.workload' must be one of single, session, got: foo");
        assertThat(perf.children().last("target-check").commandLine()).contains("-Dollama.perf.workload=foo");
        assertThat(perf.children().names()).containsExactly("target-check");
    }

    @Test
    void compareModels_noResults_exitsThreeShowingWhy() {
        perf.children().on("compare-models", FakeScript.failing(1, "x", "error: model nope:latest not found"));

        int status = perf.run("compare-models", "--models", "a:1,nope:latest", "--run", run.toString());

        assertThat(status).isEqualTo(3);
        assertThat(perf.err())
                .contains(
                        "perf compare-models: the measurement wrote no results (exit 1); the target may be"
                                + " unreachable or lack a model:",
                        "error: model nope:latest not found",
                        "full log: " + run.resolve("logs/compare-models.log"));
    }

    @Test
    void compareModels_ctrlC_letsTheMeasurementEndThenAnalysesAndExits130() {
        perf.children().on("compare-models", FakeScript.ctrlC(perf.interrupts(), FakeScript.healthy()));

        int status = perf.run("compare-models", "--models", "a:1,b:1", "--run", run.toString());

        assertThat(status).isEqualTo(130);
        assertThat(perf.children().last("compare-models").stopped()).isFalse();
        assertThat(perf.err()).contains("perf compare-models: finishing the current load step");
        assertThat(run.resolve("models.json")).exists();
    }

    @Test
    void capacity_options_becomeSweepSettingsAndAnalysisOptions() throws Exception {
        perf.children().on("capacity", child -> {
            child.print("capacity: step 1/6 capacity_c001 (level 1) starting");
            child.print("capacity: step 1/6 capacity_c001 done: 11 requests, 2.11 req/s, e2e p50 470 ms, errors 0.0%");
            child.print("capacity: stopping the sweep, saturated");
            child.writeResults();
            return 0;
        });
        Path budgets = Files.writeString(
                dir.resolve("b.yaml"),
                "version: 1\nbudgets:\n  - select: load.*.ttft.p95\n" + "    limit: <= 1500 ms\n");

        perf.run(
                "capacity",
                "--model",
                "quick:latest",
                "--levels",
                "1,2,4",
                "--step",
                "3s",
                "--run",
                run.toString(),
                "--sweep",
                "rate",
                "--rate",
                "2",
                "--max-level",
                "8",
                "--objective",
                "e2e.p95=2s",
                "--objective",
                "ttft.p95=1s",
                "--target-rpm",
                "6000",
                "--memory",
                "8GiB",
                "--budgets",
                budgets.toString(),
                "-Dollama.perf.numPredict=16");

        FakeChild child = perf.children().last("capacity");
        assertThat(child.spec().command())
                .containsSubsequence(
                        "-Dollama.perf.run=" + run,
                        "-Dollama.perf.duration=3s",
                        "-Dollama.perf.models=quick:latest",
                        "-Dollama.perf.levels=1,2,4",
                        "-Dollama.perf.sweep=rate",
                        "-Dollama.perf.rate=2",
                        "-Dollama.perf.maxLevel=8",
                        "-Dollama.perf.numPredict=16",
                        "--simulation",
                        Scenario.CAPACITY_SIMULATION);
        assertThat(perf.out())
                .contains(
                        "[capacity   ",
                        "s] capacity sweep, 3s per step against embedded (log: ",
                        "s] step 1/6 capacity_c001 (level 1) starting",
                        "s] step 1/6 capacity_c001 done: 11 requests",
                        "s] stopping the sweep, saturated",
                        "s] analysing " + run);
        // The fixture is no sweep, so the analysis refuses it: it ran, on this folder, after the budget file parsed.
        assertThat(perf.err()).contains("error: " + run + ": no capacity steps");
    }

    @Test
    void capacity_badAnalysisOption_isRefusedByTheReportsBeforeTheSweep() {
        int kvCache = perf.run("capacity", "--run", run.toString(), "--kv-cache-type", "q2");
        String kvCacheErr = perf.err();
        int objective = perf.run("capacity", "--run", run.toString(), "--objective", "ttft.p95=fast");

        assertThat(kvCache).isEqualTo(2);
        assertThat(kvCacheErr).contains("q2");
        assertThat(objective).isEqualTo(2);
        assertThat(perf.err()).contains("ttft.p95=fast");
        assertThat(perf.children().names()).as("no target check, no sweep").isEmpty();
        assertThat(run).doesNotExist();
    }

    @Test
    void recordProfile_arguments_goToTheRecorderInTheForeground() {
        int status =
                perf.run("record-profile", "--endpoint", "http://127.0.0.1:1", "--models", "tiny:latest", "--out", "x");

        assertThat(status).isZero();
        FakeChild child = perf.children().last("record-profile");
        assertThat(child.spec().detached()).isFalse();
        assertThat(child.spec().command())
                .containsExactly(
                        "/jdk/bin/java",
                        "-cp",
                        perf.root().resolve("recorder/target/ollama-perf-recorder.jar")
                                + ":/m2/client.jar:/m2/emulator.jar",
                        JavaCommands.RECORD_PROFILE,
                        "--endpoint",
                        "http://127.0.0.1:1",
                        "--models",
                        "tiny:latest",
                        "--out",
                        "x");
    }

    @Test
    void emulator_arguments_goToTheEmulatorJarInTheForeground() {
        perf.run("emulator", "--port", "18434", "--num-parallel", "2");

        assertThat(perf.children().last("emulator").spec().command())
                .containsExactly(
                        "/jdk/bin/java",
                        "-XX:CompileThresholdScaling=0.1", // the emulator's JVM options, below
                        "-jar",
                        perf.root()
                                .resolve("emulator/target/ollama-perf-emulator.jar")
                                .toString(),
                        "--port",
                        "18434",
                        "--num-parallel",
                        "2");
    }

    @Test
    void emulator_runsWithTheJvmOptionsTheEmulatorAsksFor() {
        assertThat(JavaCommands.EMULATOR_JVM_OPTIONS).isEqualTo(dev.ollamaperf.emulator.Main.JVM_OPTIONS);
    }

    @Test
    void emulator_ctrlC_stopsItAndExits130() {
        perf.children().on("emulator", FakeScript.ctrlC(perf.interrupts(), FakeScript.untilStopped()));

        assertThat(perf.run("emulator")).isEqualTo(130);
        assertThat(perf.children().last("emulator").stopped()).isTrue();
    }
}
