package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.load.simulations.SteadySimulation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steady scenario (closed model) runs for real, briefly, through Gatling in-process against the emulator:
 * directly, through the gateway and paired (both paths). Split from {@link SimulationsTest} so the two run in
 * parallel JVMs.
 */
@ExtendWith(ClearsLoadSettings.class)
final class SteadySimulationTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_twoUsersTwoSeconds_measuresClosedModelAndRestoresLoadedModels(@TempDir Path run) throws Exception {
        try (Emulator emulator = SimulationsTest.start(2)) {
            JsonNode scenarios =
                    SimulationsTest.run(emulator, SteadySimulation.class, run, Map.of("ollama.perf.users", "2"));

            assertThat(SimulationsTest.names(scenarios)).containsExactly("steady");
            JsonNode steady = scenarios.get(0);
            assertThat(steady.path("status").asText()).isEqualTo("VALID");
            assertThat(steady.path("injection").path("model").asText()).isEqualTo("closed");
            assertThat(steady.path("models").get(0).path("counters").path("ok").asLong())
                    .isGreaterThan(4);
            assertThat(emulator.engine().loadedModels())
                    .as("the run loaded the model, and restore unloaded it")
                    .isEmpty();
            assertThat(emulator.engine().stats().destructiveCalls()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_threeUsers_writesATimeSeriesWhoseBucketsSumToTheCounters(@TempDir Path run) throws Exception {
        // 3 users against 2 slots: the third queues at the server, yet a closed model never has more
        // requests in flight than users.
        try (Emulator emulator = SimulationsTest.start(2)) {
            JsonNode scenarios = SimulationsTest.run(
                    emulator,
                    SteadySimulation.class,
                    run,
                    Map.of("ollama.perf.users", "3", "ollama.perf.duration", "3s"));

            JsonNode steady = scenarios.get(0);
            JsonNode counters = steady.path("models").get(0).path("counters");
            JsonNode series = steady.path("timeseries");
            assertThat(series.path("step_ms").asLong()).isEqualTo(1_000);
            JsonNode points = series.path("points");
            assertThat(points.size())
                    .as("3 s of load, plus the last requests' tail")
                    .isBetween(3, 5);
            long started = 0;
            long ok = 0;
            long errors = 0;
            long tokens = 0;
            for (int i = 0; i < points.size(); i++) {
                JsonNode p = points.get(i);
                assertThat(p.path("t_ms").asLong()).isEqualTo(i * 1_000L);
                assertThat(p.path("active_max").asLong())
                        .as("bucket %d", i)
                        .isBetween(0L, 3L)
                        .isGreaterThanOrEqualTo(p.path("active_end").asLong());
                started += p.path("started").asLong();
                ok += p.path("ok").asLong();
                errors += p.path("errors").asLong();
                tokens += p.path("output_tokens").asLong();
            }
            assertThat(started).isEqualTo(counters.path("requests").asLong()).isGreaterThan(6);
            assertThat(ok).isEqualTo(counters.path("ok").asLong());
            assertThat(ok + errors).isEqualTo(started);
            assertThat(tokens)
                    .isEqualTo(
                            steady.path("models").get(0).path("output_tokens").asLong());
            assertThat(points.get(0).path("active_max").asLong())
                    .as("all 3 users start at once")
                    .isEqualTo(3);
            assertThat(points.get(points.size() - 1).path("active_end").asLong())
                    .isZero();
            assertThat(points.get(0).has("ttft_p50_ns")).isTrue();
            Instant start = Instant.parse(series.path("start").asText());
            Instant window = Instant.parse(steady.path("window").path("start").asText());
            assertThat(Duration.between(window, start).abs())
                    .as("aligned to the phase start")
                    .isLessThan(Duration.ofMillis(200));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_throughGateway_keepsTheApplicationsConcurrencyLimit(@TempDir Path run) throws Exception {
        // 8 users, 16 slots at the server: only the integration's limit (OLLAMA_MAX_CONCURRENT, 5 by
        // default) can keep the server at 5 in flight.
        try (Emulator emulator = SimulationsTest.start(16)) {
            JsonNode scenarios = SimulationsTest.run(
                    emulator,
                    SteadySimulation.class,
                    run,
                    Map.of("ollama.perf.users", "8", "ollama.perf.mode", "gateway"));

            JsonNode steady = scenarios.get(0);
            assertThat(steady.path("target").path("kind").asText()).isEqualTo("gateway");
            assertThat(steady.path("models").get(0).path("histograms").has("queue_wait"))
                    .isTrue();
            assertThat(emulator.engine().stats().models().get("a:latest").maxInFlight())
                    .isBetween(1, 5);
            assertThat(run.resolve("load/gateway-metrics.prom")).exists();
            // 8 users above the limit of 5: the client's limiter hands permits out first come, first served, so
            // every user gets about the same number of answers (Jain's index near 1; 1/8 if one user got them all)
            JsonNode users = steady.path("integration").path("user_requests");
            assertThat(users.size()).isEqualTo(8);
            double sum = 0;
            double squares = 0;
            for (JsonNode count : users) {
                assertThat(count.asLong()).isPositive();
                sum += count.asLong();
                squares += (double) count.asLong() * count.asLong();
            }
            assertThat(sum * sum / (users.size() * squares)).isGreaterThan(0.8);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_paired_measuresBothPathsAndWhatTheIntegrationAdds(@TempDir Path run) throws Exception {
        try (Emulator emulator = SimulationsTest.start(4)) {
            JsonNode scenarios = SimulationsTest.run(
                    emulator,
                    SteadySimulation.class,
                    run,
                    Map.of("ollama.perf.users", "2", "ollama.perf.duration", "3s", "ollama.perf.mode", "paired"));

            assertThat(SimulationsTest.names(scenarios)).containsExactly("steady", "steady_direct");
            JsonNode integration = scenarios.get(0);
            JsonNode direct = scenarios.get(1);
            assertThat(integration.path("target").path("kind").asText()).isEqualTo("gateway");
            assertThat(direct.path("target").path("kind").asText()).isEqualTo("ollama");
            assertThat(direct.path("target").path("endpoints").get(0).asText())
                    .isEqualTo(emulator.baseUri().toString());
            long viaIntegration = SimulationsTest.ok(integration);
            long straight = SimulationsTest.ok(direct);
            assertThat(viaIntegration).isPositive();
            assertThat(Math.abs(viaIntegration - straight))
                    .as("requests alternate between the paths")
                    .isLessThanOrEqualTo(2);
            JsonNode measured = integration.path("integration");
            assertThat(measured.path("reference").asText()).isEqualTo("steady_direct");
            assertThat(measured.path("requests").asLong())
                    .isEqualTo(integration
                            .path("models")
                            .get(0)
                            .path("counters")
                            .path("requests")
                            .asLong());
            JsonNode ttft = null;
            for (JsonNode added : measured.path("added")) {
                if (added.path("latency").asText().equals("ttft")) {
                    ttft = added;
                }
            }
            assertThat(ttft).as("paired TTFT differences").isNotNull();
            assertThat(ttft.path("differences_ns").size()).isGreaterThan(3);
            assertThat(measured.path("user_requests").size())
                    .as("both users, their answers on both paths together")
                    .isEqualTo(2);
            long answered = 0;
            for (JsonNode count : measured.path("user_requests")) {
                answered += count.asLong();
            }
            assertThat(answered).isEqualTo(viaIntegration + straight);
            JsonNode memory = measured.path("memory");
            assertThat(memory.path("allocated_bytes").asLong()).isPositive();
            assertThat(memory.path("heap_after_gc_end_bytes").asLong()).isPositive();
            assertThat(memory.path("threads_peak").asInt()).isPositive();
            assertThat(memory.path("samples").size()).isPositive();
            assertThat(run.resolve("load/gateway-metrics.prom")).exists();
            assertThat(emulator.engine().stats().destructiveCalls()).isEmpty();
        }
    }
}
