package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate with a real steady scenario (Gatling in-process, {@link InProcessLoad}) whose emulator stops
 * listening mid-run: the load JVM's exit 3 and its line reach the gate, which reports what was measured as a
 * partial, INVALID run and exits 3. Fake children: {@link GateTest}.
 */
final class GateTargetLossIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void gate_emulatorStopsDuringSteady_writesThePartialReportInvalidAndExitsThree() throws IOException {
        Path profile = dir.resolve("calibrated-profile.json");
        try (InputStream in = GateTargetLossIT.class.getResourceAsStream("validation/calibrated-profile.json")) {
            Files.copy(in, profile);
        }
        Path run = dir.resolve("run");
        PerfHarness perf = new PerfHarness(dir.resolve("checkout"))
                .startingChildrenWith(new InProcessLoad().stoppingTheTargetOf("steady", 6));
        perf.env().put("OLLAMA_NUM_PARALLEL", "4");
        perf.env().put("OLLAMA_MAX_CONCURRENT", "2");

        int status = perf.run(
                "gate",
                "--run",
                run.toString(),
                "--history",
                dir.resolve("history.db").toString(),
                "--emulator-profile",
                profile.toString(),
                "--model",
                "gate-test:latest",
                "--duration",
                "4s",
                "-Dollama.perf.numPredict=16",
                "-Dollama.perf.prompts=builtin:short",
                // The in-process emulator's close can leave one just-accepted connection open and unanswered
                // (a killed process would reset it): the request then ends at this timeout, not the default 2 min.
                "-Dollama.perf.timeout=10s");

        assertThat(status).as(perf.output()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(perf.err())
                .containsPattern("ollama-perf: target http://127\\.0\\.0\\.1:\\d+ stopped answering at \\S+Z"
                        + " \\(\\d+ connection failures[^)]*\\); metrics kept in "
                        + run.resolve("load/metrics-steady.json"))
                .contains("perf gate: exit 3, the target stopped answering")
                .doesNotContain("Run crashed");
        assertThat(run.resolve("results.json"))
                .content()
                .contains(
                        "\"INVALID\"",
                        "partial run: the target stopped answering during the steady scenario",
                        "load.steady.")
                .doesNotContain("load.arrival.");
        assertThat(run.resolve("index.html")).exists();
    }
}
