package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.load.simulations.ArrivalRateSimulation;
import dev.ollamaperf.load.simulations.ModelComparisonSimulation;
import dev.ollamaperf.load.simulations.OverloadSimulation;
import dev.ollamaperf.load.simulations.SoakSimulation;
import io.gatling.app.Gatling$;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario runs for real, briefly, through Gatling in-process against the emulator, and must
 * write the metrics its phases promise, leave the emulator's loaded set as it found it, and never
 * call a destructive endpoint.
 */
@ExtendWith(ClearsLoadSettings.class)
final class SimulationsTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void modelComparison_twoModels_sendsEachPromptToBothModels(@TempDir Path run) throws Exception {
        try (Emulator emulator = start(2)) {
            JsonNode scenarios = run(
                    emulator,
                    ModelComparisonSimulation.class,
                    run,
                    Map.of("ollama.perf.models", "a:latest,b:latest", "ollama.perf.users", "1"));

            JsonNode models = scenarios.get(0).path("models");
            assertThat(models).hasSize(2);
            long a = models.get(0).path("counters").path("requests").asLong();
            long b = models.get(1).path("counters").path("requests").asLong();
            assertThat(a).isGreaterThan(2);
            assertThat(Math.abs(a - b))
                    .as("interleaved: each prompt goes to both")
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void overload_beyondCapacity_recordsOverloadAndRecoveryPhases(@TempDir Path run) throws Exception {
        // One slot serving ~100 ms requests: 10/s at most. The ramp to 30/s overloads it.
        try (Emulator emulator = start(1)) {
            JsonNode scenarios = run(
                    emulator,
                    OverloadSimulation.class,
                    run,
                    Map.of("ollama.perf.rate", "6", "ollama.perf.overload", "5", "ollama.perf.timeout", "2s"));

            assertThat(names(scenarios)).containsExactly("overload", "recovery");
            JsonNode overload = scenarios.get(0).path("models").get(0);
            JsonNode recovery = scenarios.get(1).path("models").get(0);
            assertThat(overload.path("counters").path("errors").path("timeout").asLong())
                    .as("beyond capacity, queued requests time out")
                    .isPositive();
            assertThat(recovery.path("counters").path("requests").asLong()).isPositive();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void arrivalRate_poissonRamp_sendsAboutTheAverageRateAndMeasuresFromTheSend(@TempDir Path run) throws Exception {
        try (Emulator emulator = start(4)) {
            JsonNode scenarios = run(
                    emulator,
                    ArrivalRateSimulation.class,
                    run,
                    Map.of(
                            "ollama.perf.rate",
                            "4",
                            "ollama.perf.rampTo",
                            "12",
                            "ollama.perf.poisson",
                            "true",
                            "ollama.perf.duration",
                            "3s"));

            JsonNode arrival = scenarios.get(0);
            assertThat(arrival.path("injection").path("target_rps").asDouble()).isEqualTo(8.0);
            long requests = arrival.path("models")
                    .get(0)
                    .path("counters")
                    .path("requests")
                    .asLong();
            // Poisson arrivals averaging 8/s for 3 s: 24 expected; 10..40 is beyond 4 standard deviations.
            assertThat(requests).isBetween(10L, 40L);
            assertThat(arrival.path("settings").path("ollama.perf.poisson").asText())
                    .isEqualTo("true");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void soak_threeWindows_writesOnePhasePerWindow(@TempDir Path run) throws Exception {
        try (Emulator emulator = start(2)) {
            JsonNode scenarios = run(
                    emulator,
                    SoakSimulation.class,
                    run,
                    Map.of("ollama.perf.duration", "3s", "ollama.perf.window", "1s", "ollama.perf.users", "2"));

            assertThat(names(scenarios)).containsExactly("soak_w01", "soak_w02", "soak_w03");
            for (int i = 1; i < scenarios.size(); i++) {
                assertThat(java.time.Instant.parse(
                                scenarios.get(i - 1).path("window").path("end").asText()))
                        .as("window %d ends before window %d starts", i, i + 1)
                        .isBeforeOrEqualTo(java.time.Instant.parse(
                                scenarios.get(i).path("window").path("start").asText()));
            }
            scenarios.forEach(window -> assertThat(window.path("models")
                            .get(0)
                            .path("counters")
                            .path("ok")
                            .asLong())
                    .isPositive());
        }
    }

    static long ok(JsonNode scenario) {
        return scenario.path("models").get(0).path("counters").path("ok").asLong();
    }

    /**
     * Runs {@code simulation} in this JVM against {@code emulator} (model {@code a:latest}, 2 s, 5 tokens) with the
     * {@code extra} settings, and returns metrics.json's scenarios.
     */
    static JsonNode run(Emulator emulator, Class<?> simulation, Path run, Map<String, String> extra) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(Map.of(
                "ollama.perf.endpoint", emulator.baseUri().toString(),
                "ollama.perf.models", "a:latest",
                "ollama.perf.duration", "2s",
                "ollama.perf.numPredict", "5",
                "ollama.perf.timeout", "20s",
                "ollama.perf.run", run.toString()));
        properties.putAll(extra);
        properties.forEach(System::setProperty);
        Gatling$.MODULE$.fromArgs(new String[] {
            "--simulation",
            simulation.getName(),
            "--results-folder",
            run.resolve("gatling").toString(),
            "--no-reports"
        });
        JsonNode root =
                new ObjectMapper().readTree(run.resolve("load/metrics.json").toFile());
        assertThat(run.resolve("load/server.json")).exists();
        return root.path("scenarios");
    }

    static List<String> names(JsonNode scenarios) {
        List<String> names = new ArrayList<>();
        scenarios.forEach(s -> names.add(s.path("scenario").asText()));
        return names;
    }

    static Emulator start(int numParallel) throws Exception {
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(TinyModels.tiny("a:latest"), TinyModels.tiny("b:latest"))))
                .numParallel(numParallel)
                .build()));
    }
}
