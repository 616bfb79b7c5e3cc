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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
            phase.protocol().recorder().record(ok());

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
    void finish_sharedInjectorThatCollectedGarbage_writesItsOwnFilesAndIsInvalidWithTheNumbers(@TempDir Path folder)
            throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            LoadSettings settings = LoadSettings.from(
                    Map.of(
                            "ollama.perf.run", folder.toString(),
                            "ollama.perf.models", "tiny:latest",
                            "ollama.perf.users", "5",
                            "ollama.perf.injector", "2/2",
                            "ollama.perf.startAt", now.plusSeconds(3).toString(),
                            // any collection in the window is too much, so the System.gc() below makes it INVALID
                            "ollama.perf.maxGcShare", "0.000001"),
                    Map.of());
            LoadRun run = new LoadRun(
                    settings,
                    LoadTarget.at(emulator.baseUri(), "emulator"),
                    Clock.fixed(now, ZoneOffset.UTC),
                    new PrintStream(console, true, StandardCharsets.UTF_8));
            // the warm-up ends one Gatling tick early; the measured users wait out the rest (and this injector's
            // offset), all the same time however late they arrive
            assertThat(run.untilStart()).isEqualTo(Duration.ofSeconds(2));
            assertThat(run.startShift(Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(3250));
            assertThat(run.startShift(Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(3250));
            LoadRun.Phase phase = run.phase("steady", 0).users(settings.injectorUsers());
            phase.nextRequest();
            phase.protocol().recorder().recordStart(0);
            phase.protocol().recorder().record(ok());
            System.gc();

            run.finish();
        }

        Path load = folder.resolve("load");
        JsonNode file = new ObjectMapper()
                .readTree(load.resolve("metrics-injector-2-of-2.json").toFile());
        assertThat(file.path("injector").asText()).isEqualTo("injector-2-of-2");
        JsonNode scenario = file.path("scenarios").get(0);
        assertThat(scenario.path("injection").path("users").asInt()).isEqualTo(2);
        assertThat(scenario.path("settings").path("ollama.perf.users").asText()).isEqualTo("5");
        assertThat(scenario.path("status").asText()).isEqualTo("INVALID");
        assertThat(scenario.path("reasons").toString()).contains("the load generator's JVM collected garbage for");
        JsonNode health = new ObjectMapper()
                .readTree(load.resolve("harness-injector-2-of-2.json").toFile())
                .path("health");
        assertThat(health.path("gc_count").asLong()).isPositive();
        assertThat(load.resolve("metrics.json")).doesNotExist();
        assertThat(load.resolve("server.json")).as("the first injector's").doesNotExist();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("injector 2/2 carries 2 of 5 users")
                .contains("waiting 3250 ms for the start time " + now.plusSeconds(3) + " + 250 ms");
    }

    @Test
    void startShift_timePassed_startsNowAndSaysSo(@TempDir Path folder) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            LoadRun run = new LoadRun(
                    LoadSettings.from(
                            Map.of(
                                    "ollama.perf.run", folder.toString(),
                                    "ollama.perf.models", "tiny:latest",
                                    "ollama.perf.startAt", now.minusMillis(1500).toString()),
                            Map.of()),
                    LoadTarget.at(emulator.baseUri(), "emulator"),
                    Clock.fixed(now, ZoneOffset.UTC),
                    new PrintStream(console, true, StandardCharsets.UTF_8));

            assertThat(run.untilStart()).isZero();
            assertThat(run.startShift(Duration.ZERO)).isZero();
            run.phase("steady", 0).users(1);
            run.finish();
        }
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("passed 1500 ms ago (after the warm-up): starting now");
    }

    /** One answered request of {@code tiny:latest}: TTFT 10 ms, 50 ms end to end, two chunks 40 ms apart. */
    static StreamObservation ok() {
        return new StreamObservation(
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
                null);
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
            phase.protocol().recorder().record(ok());

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
            phase.protocol().recorder().record(ok());
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
