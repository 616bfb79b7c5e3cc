package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.load.simulations.ModelComparisonSimulation;
import io.gatling.app.Gatling$;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model comparison's own checks: each model's cold load time from the warm-up goes into
 * server.json, and models that evict each other mid-comparison make the phase INVALID (their
 * latencies would include load time).
 */
@ExtendWith(ClearsLoadSettings.class)
final class ModelComparisonTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void compare_modelsThatDoNotFitTogether_isInvalidAndStillReportsTheWarmUpLoads(@TempDir Path run) throws Exception {
        // One resident model at a time: every request of the interleaved comparison reloads its model (400 ms).
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(profile("a:latest"), profile("b:latest"))))
                .maxLoadedModels(1)
                .build()))) {
            Map.of(
                            "ollama.perf.endpoint",
                            emulator.baseUri().toString(),
                            "ollama.perf.models",
                            "a:latest,b:latest",
                            "ollama.perf.users",
                            "1",
                            "ollama.perf.duration",
                            "2s",
                            "ollama.perf.numPredict",
                            "3",
                            "ollama.perf.timeout",
                            "20s",
                            "ollama.perf.run",
                            run.toString())
                    .forEach(System::setProperty);
            Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation",
                ModelComparisonSimulation.class.getName(),
                "--results-folder",
                run.resolve("gatling").toString(),
                "--no-reports"
            });
        }

        JsonNode compare = new ObjectMapper()
                .readTree(run.resolve("load/metrics.json").toFile())
                .path("scenarios")
                .get(0);
        assertThat(compare.path("status").asText()).isEqualTo("INVALID");
        assertThat(compare.path("reasons").toString())
                .contains(
                        "model a:latest was loaded during the measurement",
                        "model b:latest was loaded during the measurement");
        JsonNode loads = new ObjectMapper()
                .readTree(run.resolve("load/server.json").toFile())
                .path("endpoints")
                .get(0)
                .path("model_loads");
        assertThat(loads).hasSize(2);
        for (JsonNode load : loads) {
            assertThat(load.path("state").asText()).isEqualTo("loaded_by_run");
            // the profile's 400 ms load (b's also waits for a's eviction), plus scheduling on a busy machine
            assertThat(load.path("load_duration_ns").asLong()).isBetween(400_000_000L, 3_000_000_000L);
        }
    }

    private static ModelProfile profile(String name) {
        return new ModelProfile(
                name,
                "llama",
                "1B",
                "Q4_K_M",
                700_000_000L,
                8192,
                32_768,
                Duration.ofMillis(400),
                100_000,
                Duration.ofMillis(20),
                100,
                0,
                0,
                3,
                0,
                List.of("completion"),
                0,
                "test profile");
    }
}
