package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.load.simulations.ArrivalRateSimulation;
import dev.ollamaperf.load.simulations.CacheSimulation;
import dev.ollamaperf.load.simulations.ModelComparisonSimulation;
import dev.ollamaperf.load.simulations.OverloadSimulation;
import dev.ollamaperf.load.simulations.SoakSimulation;
import dev.ollamaperf.load.simulations.SteadySimulation;
import io.gatling.app.Gatling$;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario runs for real, briefly, through Gatling in-process against the emulator, and must
 * write the metrics its phases promise, leave the emulator's loaded set as it found it, and never
 * call a destructive endpoint.
 */
final class SimulationsTest {

    @AfterEach
    void clearProperties() {
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("ollama.perf."))
                .forEach(System::clearProperty);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_twoUsersTwoSeconds_measuresClosedModelAndRestoresLoadedModels(@TempDir Path run) throws Exception {
        try (Emulator emulator = start(2)) {
            JsonNode scenarios = run(emulator, SteadySimulation.class, run, Map.of("ollama.perf.users", "2"));

            assertThat(names(scenarios)).containsExactly("steady");
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
        try (Emulator emulator = start(2)) {
            JsonNode scenarios = run(
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

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_throughGateway_keepsTheApplicationsConcurrencyLimit(@TempDir Path run) throws Exception {
        // 8 users, 16 slots at the server: only the integration's limit (OLLAMA_MAX_CONCURRENT, 5 by
        // default) can keep the server at 5 in flight.
        try (Emulator emulator = start(16)) {
            JsonNode scenarios = run(
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
        try (Emulator emulator = start(4)) {
            JsonNode scenarios = run(
                    emulator,
                    SteadySimulation.class,
                    run,
                    Map.of("ollama.perf.users", "2", "ollama.perf.duration", "3s", "ollama.perf.mode", "paired"));

            assertThat(names(scenarios)).containsExactly("steady", "steady_direct");
            JsonNode integration = scenarios.get(0);
            JsonNode direct = scenarios.get(1);
            assertThat(integration.path("target").path("kind").asText()).isEqualTo("gateway");
            assertThat(direct.path("target").path("kind").asText()).isEqualTo("ollama");
            assertThat(direct.path("target").path("endpoints").get(0).asText())
                    .isEqualTo(emulator.baseUri().toString());
            long viaIntegration = ok(integration);
            long straight = ok(direct);
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

    private static long ok(JsonNode scenario) {
        return scenario.path("models").get(0).path("counters").path("ok").asLong();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void cache_halfRepeats_hitsAreServedFasterThanMisses(@TempDir Path run) throws Exception {
        try (Emulator emulator = start(4)) {
            JsonNode scenarios = run(
                    emulator,
                    CacheSimulation.class,
                    run,
                    Map.of("ollama.perf.users", "2", "ollama.perf.repeatShare", "0.5", "ollama.perf.repeatPool", "3"));

            assertThat(names(scenarios)).containsExactly("cache_hit", "cache_miss");
            Histogram hit = ttft(scenarios.get(0));
            Histogram miss = ttft(scenarios.get(1));
            assertThat(hit.getTotalCount()).isPositive();
            assertThat(miss.getTotalCount()).isPositive();
            // A miss pays the emulator's 20 ms prefill; a hit is replayed from the cache.
            assertThat(hit.getValueAtPercentile(50)).isLessThan(miss.getValueAtPercentile(50) / 2);
            assertThat(java.nio.file.Files.readString(run.resolve("load/gateway-metrics.prom")))
                    .contains("hit");
        }
    }

    private static Histogram ttft(JsonNode scenario) throws Exception {
        String hdr = scenario.path("models")
                .get(0)
                .path("histograms")
                .path("ttft")
                .path("hdr")
                .asText();
        return Histogram.decodeFromCompressedByteBuffer(
                java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(hdr)), 0);
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

    private static List<String> names(JsonNode scenarios) {
        List<String> names = new ArrayList<>();
        scenarios.forEach(s -> names.add(s.path("scenario").asText()));
        return names;
    }

    private static Emulator start(int numParallel) throws Exception {
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(TinyModels.tiny("a:latest"), TinyModels.tiny("b:latest"))))
                .numParallel(numParallel)
                .build()));
    }
}
