package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.load.simulations.FallbackSimulation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback scenario, for real: Gatling in-process, the integration in its own JVM, an emulator whose primary
 * model {@code a:latest} fails every request ({@code fail=a}) and which holds the fallback model {@code b:latest}.
 */
@ExtendWith(ClearsLoadSettings.class)
final class FallbackSimulationTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fallback_configured_everyRequestIsAnsweredByTheFallbackModelAndPairedWithIt(@TempDir Path run)
            throws Exception {
        try (Emulator emulator = start()) {
            JsonNode scenarios = run(emulator, run, Map.of());

            JsonNode fallback = scenarios.get(0);
            JsonNode direct = scenarios.get(1);
            assertThat(fallback.path("scenario").asText()).isEqualTo("fallback");
            assertThat(direct.path("scenario").asText()).isEqualTo("fallback_direct");
            JsonNode counters = fallback.path("models").get(0).path("counters");
            assertThat(fallback.path("models").get(0).path("model").asText()).isEqualTo("a:latest");
            assertThat(counters.path("ok").asLong()).isPositive();
            assertThat(counters.path("ok").asLong())
                    .as("every request through the integration was answered")
                    .isEqualTo(counters.path("requests").asLong());
            assertThat(direct.path("models").get(0).path("model").asText()).isEqualTo("b:latest");
            long primaryFailures = emulator.engine().stats().injectedFaults().getOrDefault("fail", 0L);
            assertThat(primaryFailures)
                    .as("each request through the integration asked the failing primary first")
                    .isGreaterThanOrEqualTo(counters.path("requests").asLong());
            assertThat(emulator.engine().stats().models().get("b:latest").requests())
                    .as("the fallback model answered both paths")
                    .isGreaterThanOrEqualTo(counters.path("ok").asLong()
                            + direct.path("models")
                                    .get(0)
                                    .path("counters")
                                    .path("ok")
                                    .asLong());
            JsonNode added = null;
            for (JsonNode latency : fallback.path("integration").path("added")) {
                if (latency.path("latency").asText().equals("ttft")) {
                    added = latency;
                }
            }
            assertThat(added).as("what falling back adds, pair by pair").isNotNull();
            assertThat(added.path("model").asText()).isEqualTo("a:latest");
            assertThat(added.path("differences_ns").size()).isPositive();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fallback_notConfigured_everyRequestThroughTheIntegrationFails(@TempDir Path run) throws Exception {
        try (Emulator emulator = start()) {
            JsonNode scenarios = run(emulator, run, Map.of("ollama.perf.integration.env.OLLAMA_FALLBACK_MODELS", ""));

            JsonNode fallback = scenarios.get(0);
            JsonNode counters = fallback.path("models").get(0).path("counters");
            assertThat(counters.path("requests").asLong()).isPositive();
            assertThat(counters.path("ok").asLong()).isZero();
            assertThat(fallback.path("status").asText()).isEqualTo("INVALID");
            assertThat(emulator.engine().stats().models().get("b:latest").requests())
                    .as("only the direct path asked the fallback model")
                    .isEqualTo(scenarios
                            .get(1)
                            .path("models")
                            .get(0)
                            .path("counters")
                            .path("requests")
                            .asLong());
        }
    }

    private static JsonNode run(Emulator emulator, Path run, Map<String, String> extra) throws Exception {
        Map<String, String> settings =
                new LinkedHashMap<>(Map.of("ollama.perf.fallbackModel", "b:latest", "ollama.perf.users", "2"));
        settings.putAll(extra);
        return SimulationsTest.run(emulator, FallbackSimulation.class, run, settings);
    }

    private static Emulator start() throws Exception {
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(TinyModels.tiny("a:latest"), TinyModels.tiny("b:latest"))))
                .numParallel(4)
                .faults(FaultPlan.parse("fail=a"))
                .build()));
    }
}
