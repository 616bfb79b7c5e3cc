package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.load.simulations.CapacitySimulation;
import dev.ollamaperf.reports.cli.PerfReports;
import io.gatling.app.Gatling$;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perf capacity} end to end: the CapacitySimulation sweeps 1, 2, 4... users through Gatling,
 * in-process, against an emulator with 4 slots and perfect batching (each request about 20 ms prefill
 * + 20 tokens x 20 ms = 420 ms whatever the load), then the capacity command analyses the run folder.
 * Known answer: throughput grows up to 4 users and is flat beyond, where latency doubles with users,
 * so the guard (patience 2) stops after 8 and 16 users both looked saturated; 32 never runs.
 * Tolerances are for a shared 2-core machine: a step slowed down by other builds must not change
 * the answer (the knee is judged against the whole curve, the guard wants two saturated steps). A
 * 2 s step's throughput is biased low by up to one request time over its length (about 10% here,
 * measured: 8.3 req/s at 4 users against 9.3 at 8 and 9.5 in theory), so the guard's minGain is 0.2
 * instead of 0.1 and the knee share 0.8 instead of 0.9.
 */
final class CapacityEndToEndTest {

    private static final String MODEL = "cap:latest";

    @AfterEach
    void clearProperties() {
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("ollama.perf."))
                .forEach(System::clearProperty);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void capacity_fourSlotEmulator_kneeAtFourStopsEarlyAndRecommendsFour(@TempDir Path run) throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(profile())))
                .numParallel(4)
                .build()))) {
            Map.of(
                            "ollama.perf.endpoint",
                            emulator.baseUri().toString(),
                            "ollama.perf.models",
                            MODEL,
                            "ollama.perf.numPredict",
                            "20",
                            "ollama.perf.prompts",
                            "synthetic",
                            "ollama.perf.promptTokens",
                            "16",
                            "ollama.perf.duration",
                            "2s",
                            "ollama.perf.maxLevel",
                            "32",
                            "ollama.perf.timeout",
                            "20s",
                            "ollama.perf.run",
                            run.toString())
                    .forEach(System::setProperty);
            System.setProperty("ollama.perf.stop.minGain", "0.2");
            Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation",
                CapacitySimulation.class.getName(),
                "--results-folder",
                run.resolve("gatling").toString(),
                "--no-reports"
            });
        }
        JsonNode sweep =
                new ObjectMapper().readTree(run.resolve("load/sweep.json").toFile());
        assertThat(sweep.path("stopped_early").asBoolean())
                .as("stopped before 32 users")
                .isTrue();
        assertThat(sweep.path("stop_reason").asText()).startsWith("saturated");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PerfReports.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute(
                        "capacity",
                        run.toString(),
                        "--objective",
                        "e2e.p95=650ms",
                        "--target-rpm",
                        "6000",
                        "--memory",
                        "2GiB",
                        "--knee-share",
                        "0.8");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode capacity =
                new ObjectMapper().readTree(run.resolve("capacity.json").toFile());
        assertThat(capacity.path("steps"))
                .extracting(s -> s.path("level").asInt())
                .containsExactly(1, 2, 4, 8, 16);
        assertThat(capacity.path("knee").path("level").asInt()).isEqualTo(4);
        assertThat(capacity.path("slots").asInt())
                .as(capacity.path("slots_source").asText())
                .isEqualTo(4);
        assertThat(capacity.path("goodput_level").asInt()).isEqualTo(4);
        assertThat(recommendation(capacity, "OLLAMA_MAX_CONCURRENT")).isEqualTo("4");
        assertThat(recommendation(capacity, "OLLAMA_NUM_PARALLEL")).isEqualTo("4");
        // 4 slots / ~0.42 s: about 9.5 req/s, 570 req/min (0.6x..1.2x of it allowed on a loaded machine).
        double rpm = Double.parseDouble(recommendation(capacity, "requests per minute per node"));
        assertThat(rpm).isBetween(340.0, 690.0);
        assertThat(Integer.parseInt(recommendation(capacity, "nodes for 6000 req/min")))
                .isEqualTo((int) Math.ceil(6000 / rpm - 1e-9));
        // The emulator's /api/ps size is weights + KV per token x num_ctx x slots: the plan's formula exactly.
        JsonNode model = capacity.path("memory").path("models").get(0);
        assertThat(model.path("kv_bytes_per_token").asLong()).isEqualTo(32_768);
        assertThat(model.path("predicted_at_test_bytes").asLong())
                .isEqualTo(model.path("observed_bytes").asLong());
        assertThat(capacity.path("memory").path("fits").asBoolean()).isTrue();
        assertThat(capacity.path("model").path("held_out_throughput_error").asDouble())
                .isLessThan(0.4);
        assertThat(out.toString())
                .contains("knee")
                .contains("OLLAMA_NUM_PARALLEL")
                .contains("Memory plan");
        assertThat(capacity.path("knee").path("verdict").asText()).isEqualTo("knee");
        assertThat(capacity.path("steps").get(0).path("throughput_samples").asInt())
                .isGreaterThanOrEqualTo(1);
        assertThat(java.nio.file.Files.readString(run.resolve("capacity.html")))
                .contains("<svg class=\"chart capacity throughput\"")
                .contains("<svg class=\"chart capacity latency\"")
                .contains("objective e2e.p95 &lt;= 650 ms")
                .contains(">knee</text>");

        // The run's index.html gets the capacity section too.
        PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("environment", run.toString(), "--target-kind", "emulator");
        int report = PerfReports.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err))
                .execute("report", run.toString(), "--no-history");
        assertThat(report).as(err.toString()).isIn(0, 1);
        assertThat(java.nio.file.Files.readString(run.resolve("index.html")))
                .contains("<section id=\"capacity\">")
                .contains("<svg class=\"chart capacity throughput\"");
    }

    private static String recommendation(JsonNode capacity, String name) {
        for (JsonNode r : capacity.path("recommendations")) {
            if (r.path("name").asText().equals(name)) {
                return r.path("value").asText();
            }
        }
        throw new AssertionError("no recommendation " + name + " in " + capacity.path("recommendations"));
    }

    private static ModelProfile profile() {
        return new ModelProfile(
                MODEL,
                "llama",
                "1B",
                "Q4_K_M",
                700_000_000L,
                8192,
                32_768,
                Duration.ofMillis(50),
                100_000,
                Duration.ofMillis(20),
                50,
                0,
                0,
                10,
                0,
                List.of("completion"),
                0,
                "capacity test profile");
    }
}
