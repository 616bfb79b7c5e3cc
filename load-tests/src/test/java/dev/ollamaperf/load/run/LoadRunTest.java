package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.load.protocol.RequestOutcome;
import dev.ollamaperf.load.protocol.StreamObservation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run judges its own validity, with the numbers, in the file and on the console. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class LoadRunTest {

    @Test
    void finish_openPhaseThatLaggedAndMissedItsRate_isInvalidWithTheNumbers(@TempDir Path folder) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            LoadSettings settings = LoadSettings.from(
                    Map.of(
                            "ollama.perf.run",
                            folder.toString(),
                            "ollama.perf.models",
                            "tiny:latest",
                            "ollama.perf.duration",
                            "10s",
                            "ollama.perf.maxDispatchLag",
                            "100ms"),
                    Map.of());
            LoadRun run = new LoadRun(
                    settings,
                    LoadTarget.at(emulator.baseUri(), "emulator"),
                    Clock.systemUTC(),
                    new PrintStream(console, true, StandardCharsets.UTF_8));
            LoadRun.Phase phase = run.phase("arrival", 2).users(20);
            phase.nextRequest();
            // One request of the 20 planned at 2/s over 10 s, sent 250 ms behind its schedule.
            phase.protocol().recorder().recordDispatchLag(250_000_000L);
            phase.protocol()
                    .recorder()
                    .record(new StreamObservation(
                            "tiny:latest",
                            0,
                            0,
                            10_000_000,
                            50_000_000,
                            2,
                            new long[] {40_000_000},
                            null,
                            RequestOutcome.OK,
                            200,
                            null));

            run.finish();
        }

        JsonNode scenario = new ObjectMapper()
                .readTree(folder.resolve("load/metrics.json").toFile())
                .path("scenarios")
                .get(0);
        assertThat(scenario.path("status").asText()).isEqualTo("INVALID");
        assertThat(scenario.path("reasons").toString())
                .contains("the load generator lagged: dispatch delay p99 250.")
                .contains("missed target arrival rate: 1 requests sent, 20 expected");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("WARNING arrival: the load generator lagged");
        JsonNode harness =
                new ObjectMapper().readTree(folder.resolve("load/harness.json").toFile());
        assertThat(harness.path("dispatch_lag_ms").path("arrival").path("max").asDouble())
                .isBetween(249.0, 251.0);
    }

    @Test
    void finish_closedPhaseWithAnswers_isValid(@TempDir Path folder) throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            LoadSettings settings = LoadSettings.from(
                    Map.of("ollama.perf.run", folder.toString(), "ollama.perf.models", "tiny:latest"), Map.of());
            LoadRun run = new LoadRun(
                    settings,
                    LoadTarget.at(emulator.baseUri(), "emulator"),
                    Clock.systemUTC(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            LoadRun.Phase phase = run.phase("steady", 0).users(1);
            phase.nextRequest();
            phase.protocol().recorder().recordStart(0);
            phase.protocol()
                    .recorder()
                    .record(new StreamObservation(
                            "tiny:latest",
                            0,
                            0,
                            10_000_000,
                            50_000_000,
                            2,
                            new long[] {40_000_000},
                            null,
                            RequestOutcome.OK,
                            200,
                            null));

            run.finish();
        }

        JsonNode scenario = new ObjectMapper()
                .readTree(folder.resolve("load/metrics.json").toFile())
                .path("scenarios")
                .get(0);
        assertThat(scenario.path("status").asText()).isEqualTo("VALID");
        assertThat(scenario.path("reasons")).isEmpty();
        JsonNode series = scenario.path("timeseries");
        assertThat(series.path("step_ms").asLong())
                .as("1 s for the default 30 s run")
                .isEqualTo(1_000);
        assertThat(series.path("points")).hasSize(1);
        JsonNode point = series.path("points").get(0);
        assertThat(List.of(
                        point.path("t_ms").asLong(),
                        point.path("started").asLong(),
                        point.path("ok").asLong(),
                        point.path("errors").asLong(),
                        point.path("output_tokens").asLong(),
                        point.path("active_max").asLong(),
                        point.path("active_end").asLong()))
                .containsExactly(0L, 1L, 1L, 0L, 2L, 1L, 0L);
        assertThat(point.path("ttft_p50_ns").asLong())
                .as("10 ms, to 1 significant digit")
                .isBetween(9_500_000L, 10_500_000L);
    }

    @Test
    void progress_beforeAndDuringTheMeasurement_saysWarmingUpThenCountsEndedAndFailed(@TempDir Path folder)
            throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            LoadSettings settings = LoadSettings.from(
                    Map.of("ollama.perf.run", folder.toString(), "ollama.perf.models", "tiny:latest"), Map.of());
            LoadRun run = new LoadRun(
                    settings,
                    LoadTarget.at(emulator.baseUri(), "emulator"),
                    Clock.systemUTC(),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            LoadRun.Phase phase = run.phase("steady", 0).users(1);

            assertThat(run.progress()).isEqualTo("ollama-perf progress: warming up (loads the models)");

            phase.nextRequest();
            phase.protocol()
                    .recorder()
                    .record(new StreamObservation(
                            "tiny:latest",
                            0,
                            0,
                            10_000_000,
                            50_000_000,
                            2,
                            new long[] {40_000_000},
                            null,
                            RequestOutcome.OK,
                            200,
                            null));
            phase.nextRequest();
            phase.protocol()
                    .recorder()
                    .record(new StreamObservation(
                            "tiny:latest",
                            0,
                            0,
                            -1,
                            50_000_000,
                            0,
                            new long[0],
                            null,
                            RequestOutcome.HTTP_ERROR,
                            503,
                            null));

            assertThat(run.progress()).isEqualTo("ollama-perf progress: 2 requests, 1 failed");
            run.finish();
        }
    }
}
