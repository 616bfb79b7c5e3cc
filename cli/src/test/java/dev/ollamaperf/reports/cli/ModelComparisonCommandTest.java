package dev.ollamaperf.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.load.simulations.ModelComparisonSimulation;
import dev.ollamaperf.results.Counters;
import dev.ollamaperf.results.EnvironmentInfo;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.Injection;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.Objectives;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import dev.ollamaperf.results.Target;
import dev.ollamaperf.results.Window;
import io.gatling.app.Gatling$;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare-models} end to end: {@code ModelComparisonSimulation} runs in Gatling, in-process,
 * against the emulator with three test profiles (two identical, one clearly slower: 10x the prefill,
 * 4x the time per token), then the subcommand reads the run folder. Known answers: the slow model
 * ranks last in every metric, the two identical ones are reported indistinguishable in every metric,
 * and the load time is reported for the models the run loaded while the one resident before the run
 * is "already loaded" (and stays loaded afterwards).
 *
 * <p>Flakiness: two identical distributions give non-overlapping 95% intervals of the median with a
 * probability of about 0.1% per metric at 10 to 20 samples (simulated: 200,000 pairs of uniform samples
 * of 10, 13 and 19 gave 0.11%, 0.12%, 0.08%), so about 0.5% for the four metrics; the slow model's medians
 * are 4x to 10x the others', far beyond the noise of a loaded 2-core machine.
 */
final class ModelComparisonCommandTest {

    private static final List<String> METRICS = List.of("ttft", "inter_token", "output_tps", "e2e");

    @AfterEach
    void clearProperties() {
        System.getProperties().stringPropertyNames().stream()
                .filter(n -> n.startsWith("ollama.perf."))
                .forEach(System::clearProperty);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void compareModels_twoIdenticalAndOneSlow_ranksTheSlowLastAndTheTwinsIndistinguishable(@TempDir Path run)
            throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(
                        profile("twin-a:latest", 20, 100),
                        profile("twin-b:latest", 20, 100),
                        profile("slow:latest", 200, 25))))
                .build()))) {
            preload(emulator.baseUri(), "twin-b:latest");
            Map.of(
                            "ollama.perf.endpoint",
                            emulator.baseUri().toString(),
                            "ollama.perf.models",
                            "twin-a:latest,twin-b:latest,slow:latest",
                            "ollama.perf.users",
                            "1",
                            "ollama.perf.duration",
                            "8s",
                            "ollama.perf.numPredict",
                            "6",
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
            assertThat(emulator.engine().loadedModels())
                    .extracting(m -> m.profile().name())
                    .as("restore unloads what the run loaded, and only that")
                    .containsExactly("twin-b:latest");
        }
        FormatFiles.writeEnvironment(
                new EnvironmentInfo(
                        1,
                        "compare-e2e",
                        "2026-11-26T10:00:00Z",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of("kind", "emulator"),
                        Map.of()),
                run.resolve("environment.json"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = PerfReports.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute("compare-models", run.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode models = new ObjectMapper().readTree(run.resolve("models.json").toFile());
        for (String metric : METRICS) {
            JsonNode ranking = models.path("rankings").path(metric);
            assertThat(place(ranking, "slow:latest").path("rank").asInt())
                    .as(metric + ": slow ranks last")
                    .isEqualTo(3);
            assertThat(place(ranking, "twin-a:latest").path("rank").asInt())
                    .as(metric)
                    .isEqualTo(1);
            assertThat(place(ranking, "twin-b:latest").path("rank").asInt())
                    .as(metric)
                    .isEqualTo(1);
            assertThat(place(ranking, "twin-a:latest")
                            .path("indistinguishable_from")
                            .toString())
                    .as(metric)
                    .isEqualTo("[\"twin-b:latest\"]");
        }
        assertThat(model(models, "twin-a:latest").path("load").path("state").asText())
                .isEqualTo("loaded_by_run");
        // the profile's load time is 150 ms; the emulator waits it, plus scheduling on a busy machine
        assertThat(model(models, "twin-a:latest").path("load").path("time_ms").asDouble())
                .isBetween(150.0, 1500.0);
        assertThat(model(models, "slow:latest").path("load").path("time_ms").asDouble())
                .isBetween(150.0, 1500.0);
        assertThat(model(models, "twin-b:latest").path("load").path("state").asText())
                .isEqualTo("already_loaded");
        assertThat(model(models, "twin-b:latest").path("load").path("time_ms").isNull())
                .isTrue();
        assertThat(model(models, "slow:latest")
                        .path("memory")
                        .path("size_bytes")
                        .asLong())
                .isGreaterThan(700_000_000L);
        assertThat(out.toString()).contains("time to first token", "slow:latest", "already loaded", "cold load");
        String html = Files.readString(run.resolve("index.html"));
        assertThat(html).contains("id=\"models\"", "indistinguishable", "twin-a:latest");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void compareModels_runWithoutAComparison_exitsWithTwoNamingTheScenario(@TempDir Path run) {
        FormatFiles.writeEnvironment(
                new EnvironmentInfo(
                        1,
                        "no-compare",
                        "2026-11-26T10:00:00Z",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of()),
                run.resolve("environment.json"));
        StringWriter err = new StringWriter();

        int exit = PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("compare-models", run.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no measurements");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void compareModels_invalidRun_stillWritesTheComparisonAndExitsWithOne(@TempDir Path run) throws Exception {
        FormatFiles.writeEnvironment(
                new EnvironmentInfo(
                        1,
                        "invalid",
                        "2026-11-26T10:00:00Z",
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of()),
                run.resolve("environment.json"));
        String reason = "model a:latest was loaded during the measurement (load_duration 400 ms > 250 ms)";
        FormatFiles.writeLoadMetrics(
                new LoadMetrics(
                        1,
                        "injector-1",
                        List.of(new ScenarioMetrics(
                                "compare",
                                Status.INVALID,
                                List.of(reason),
                                new Window("2026-11-26T10:00:00Z", "2026-11-26T10:00:10Z"),
                                new Injection("closed", 0, 1, 1),
                                new Target("emulator", List.of("http://127.0.0.1:1")),
                                Map.of(),
                                new Objectives(Map.of()),
                                List.of(answered("a:latest", 400), answered("b:latest", 100))))),
                run.resolve("load/metrics.json"));
        StringWriter out = new StringWriter();

        int exit = PerfReports.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
                .execute("compare-models", run.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("WARNING the run is INVALID: load scenario 'compare': " + reason);
        assertThat(run.resolve("models.json")).exists();
    }

    /** Ten answers of {@code ms} milliseconds each (TTFT and end to end). */
    private static ModelMetrics answered(String model, long ms) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        h.recordValueWithCount(ms * 1_000_000L, 10);
        return new ModelMetrics(
                model,
                new Counters(10, 10, Map.of(), 10),
                100,
                Map.of("ttft", HistogramData.of(h, "ns"), "e2e", HistogramData.of(h, "ns")));
    }

    private static JsonNode place(JsonNode ranking, String model) {
        for (JsonNode p : ranking.path("places")) {
            if (p.path("model").asText().equals(model)) {
                return p;
            }
        }
        throw new AssertionError("no place for " + model + " in " + ranking);
    }

    private static JsonNode model(JsonNode models, String name) {
        for (JsonNode m : models.path("models")) {
            if (m.path("model").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no model " + name);
    }

    private static void preload(URI base, String model) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/generate"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("\"done_reason\":\"load\"");
    }

    /** A test profile: 150 ms load, {@code overheadMs} of prefill, {@code tokensPerSecond} generation, 10% jitter. */
    private static ModelProfile profile(String name, int overheadMs, double tokensPerSecond) {
        return new ModelProfile(
                name,
                "llama",
                "1B",
                "Q4_K_M",
                800_000_000L,
                8192,
                32_768,
                Duration.ofMillis(150),
                100_000,
                Duration.ofMillis(overheadMs),
                tokensPerSecond,
                0.1,
                0,
                6,
                0,
                List.of("completion"),
                0,
                "test profile");
    }
}
