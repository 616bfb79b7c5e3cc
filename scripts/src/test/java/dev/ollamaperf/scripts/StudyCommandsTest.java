package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study commands end to end through {@code scripts/perf}, against the embedded emulator with a
 * two-model test profile: what a user types, what they read, and the files they get.
 */
final class StudyCommandsTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void compareModels_fastAndSlowModel_ranksTheFastOneFirstAndWritesItsReports() throws Exception {
        Path profile = copyResource("two-models-profile.json");
        Path run = dir.resolve("run");
        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of());

        int status = script.run(LIMIT, "compare-models", "--models", "sluggish:latest,quick:latest",
                "--duration", "6s", "--run", run.toString(), "--emulator-profile", profile.toString(),
                "-Dollama.perf.numPredict=8");

        assertThat(status).as(script.output()).isZero();
        assertThat(script.output()).contains("[compare-models", "analysing", "rank", "quick:latest");
        JsonNode ranking = new ObjectMapper().readTree(run.resolve("models.json").toFile())
                .path("rankings").path("e2e").path("places");
        assertThat(ranking.get(0).path("model").asText()).isEqualTo("quick:latest");
        assertThat(ranking.get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(ranking.get(1).path("rank").asInt()).as("the slow model is distinguishably slower").isEqualTo(2);
        assertThat(run.resolve("index.html")).content().contains("Models compared");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void capacity_sweepAgainstTwoSlots_stopsEarlyAndRecommendsFromTheMeasuredSteps() throws Exception {
        Path profile = copyResource("two-models-profile.json");
        Path run = dir.resolve("run");
        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of("OLLAMA_NUM_PARALLEL", "2"));

        int status = script.run(LIMIT, "capacity", "--model", "quick:latest", "--levels", "1,2,4,8,16,32",
                "--step", "3s", "--run", run.toString(), "--emulator-profile", profile.toString(),
                "--objective", "e2e.p95=2s", "--target-rpm", "6000", "-Dollama.perf.numPredict=16");

        assertThat(status).as(script.output()).isZero();
        assertThat(script.output()).contains("[capacity", "step 1/6", "stopped early", "OLLAMA_MAX_CONCURRENT",
                "OLLAMA_NUM_PARALLEL", "nodes for 6000 req/min", "Memory plan");
        JsonNode capacity = new ObjectMapper().readTree(run.resolve("capacity.json").toFile());
        assertThat(capacity.path("steps").size()).as("two slots saturate long before 32 users").isLessThan(6);
        assertThat(run.resolve("capacity.html")).exists();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void compareModels_oneModel_exitsTwoSayingItNeedsTwo() throws Exception {
        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of());

        int status = script.run(LIMIT, "compare-models", "--models", "quick:latest");

        assertThat(status).isEqualTo(2);
        assertThat(script.output()).contains("two models or more");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void recordProfile_againstARunningEmulator_writesAProfileTheLoadTestsEmulatorServes() throws Exception {
        int port = freePort();
        PerfScript server = new PerfScript(dir.resolve("emulator.txt"), Map.of()).start("emulator", "--port",
                Integer.toString(port), "--num-parallel", "2");
        try {
            server.awaitOutput(text -> text.contains("listening"), "the emulator listening", Duration.ofSeconds(30));
            Path profile = dir.resolve("recorded.json");
            PerfScript record = new PerfScript(dir.resolve("record.txt"), Map.of());

            int status = record.run(LIMIT, "record-profile", "--endpoint", "http://127.0.0.1:" + port,
                    "--models", "tiny:latest", "--out", profile.toString(), "--samples", "3", "--load-samples", "1",
                    "--parallel", "2", "--batch-rounds", "1", "--prompt-tokens", "32,256");

            assertThat(status).as(record.output()).isZero();
            assertThat(record.output()).contains("tiny:latest: generation", "wrote 1 profile");
            JsonNode recorded = new ObjectMapper().readTree(profile.toFile()).path("profiles").get(0);
            assertThat(recorded.path("name").asText()).isEqualTo("tiny:latest");
            assertThat(recorded.path("generationTokensPerSecond").asDouble()).isPositive();

            Path run = dir.resolve("run");
            PerfScript load = new PerfScript(dir.resolve("load.txt"), Map.of());
            int loadStatus = load.run(LIMIT, "load", "steady", "--run", run.toString(), "--emulator-profile",
                    profile.toString(), "--model", "tiny:latest", "-Dollama.perf.duration=2s", "-Dollama.perf.users=2");

            assertThat(loadStatus).as(load.output()).isZero();
            assertThat(run.resolve("load/metrics.json")).content().contains("\"ok\"");
        } finally {
            server.stop();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Path copyResource(String name) throws IOException {
        try (InputStream in = StudyCommandsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: dev/ollamaperf/scripts/" + name);
            }
            Path file = dir.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
