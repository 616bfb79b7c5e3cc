package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.load.run.LoadMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target dies mid-run (the emulator stops listening, as after a kill -9): the closed-model users
 * back off instead of flooding it, the run ends without a crash with exit 3 and one line, and its metrics
 * are written, the phase INVALID. When it comes back, the users go back to work.
 */
@ExtendWith(ClearsLoadSettings.class)
final class TargetLossTest {

    private static final int USERS = 4;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_targetStopsMidRun_usersBackOffAndTheRunEndsWithExit3KeepingItsMetrics(@TempDir Path run)
            throws Exception {
        Emulator emulator = start(0);
        Instant[] stoppedAt = new Instant[1];
        Thread killer = new Thread(() -> {
            awaitAnswers(emulator);
            stoppedAt[0] = Instant.now();
            emulator.close();
        });
        killer.start();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int status = steady(emulator, run, console);
        Instant ended = Instant.now();
        killer.join();

        assertThat(status).as("exit 3: the target is unreachable").isEqualTo(3);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .as("one readable line")
                .matches("ollama-perf: target " + emulator.baseUri() + " stopped answering at \\S+Z"
                        + " \\(\\d+ connection failures[^)]*\\); metrics kept in \\S+metrics.json\\R");
        JsonNode steady = scenario(run);
        JsonNode counters = steady.path("models").get(0).path("counters");
        long connection = counters.path("errors").path("connection").asLong();
        double deadSeconds = Duration.between(stoppedAt[0], ended).toMillis() / 1e3;
        // Capped exponential back-off (100 ms doubling to 1 s): about 4 attempts in the first 1.5 s, then
        // one a second, per user. Without it each user retried at once: thousands of attempts a second.
        assertThat(connection)
                .as("connection failures in %.1f s against a dead target", deadSeconds)
                .isPositive()
                .isLessThanOrEqualTo((long) (USERS * (deadSeconds + 5)));
        assertThat(counters.path("ok").asLong()).isGreaterThanOrEqualTo(9);
        assertThat(steady.path("status").asText()).isEqualTo("INVALID");
        assertThat(steady.path("reasons").toString())
                .contains("the target stopped answering at")
                .contains("connection failures");
        assertThat(run.resolve("load/server.json")).exists();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void steady_targetComesBack_theBackOffEndsAndTheRunEndsNormally(@TempDir Path run) throws Exception {
        Emulator first = start(0);
        int port = first.port();
        Emulator[] second = new Emulator[1];
        Thread restarter = new Thread(() -> {
            awaitAnswers(first);
            first.close();
            sleep(1_500);
            try {
                second[0] = start(port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        restarter.start();

        int status;
        try {
            status = steady(first, run, new ByteArrayOutputStream());
            restarter.join();
        } finally {
            if (second[0] != null) {
                second[0].close();
            }
        }

        assertThat(status)
                .as("Gatling's own status (its failed-requests assertion), not 3")
                .isNotEqualTo(3);
        JsonNode steady = scenario(run);
        assertThat(steady.path("reasons").toString()).doesNotContain("stopped answering");
        assertThat(second[0]).isNotNull();
        assertThat(second[0].engine().stats().models().get("a:latest").completed())
                .as("the users went back to work on the restarted target")
                .isGreaterThanOrEqualTo(8);
        assertThat(steady.path("models")
                        .get(0)
                        .path("counters")
                        .path("errors")
                        .path("connection")
                        .asLong())
                .as("1.5 s down, 4 users")
                .isPositive()
                .isLessThanOrEqualTo(USERS * 6);
    }

    /** Runs the steady scenario, 4 users for 6 s, through LoadMain; returns its exit status. */
    private static int steady(Emulator emulator, Path run, ByteArrayOutputStream console) {
        Map<String, String> properties = new LinkedHashMap<>(Map.of(
                "ollama.perf.endpoint", emulator.baseUri().toString(),
                "ollama.perf.models", "a:latest",
                "ollama.perf.users", Integer.toString(USERS),
                "ollama.perf.duration", "6s",
                "ollama.perf.numPredict", "5",
                "ollama.perf.timeout", "20s",
                "ollama.perf.run", run.toString()));
        properties.forEach(System::setProperty);
        return LoadMain.run(
                new String[] {
                    "--simulation",
                    "dev.ollamaperf.load.simulations.SteadySimulation",
                    "--results-folder",
                    run.resolve("gatling").toString(),
                    "--no-reports"
                },
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static JsonNode scenario(Path run) throws IOException {
        return new ObjectMapper()
                .readTree(run.resolve("load/metrics.json").toFile())
                .path("scenarios")
                .get(0);
    }

    private static Emulator start(int port) throws IOException {
        return Emulator.start(new EmulatorConfig(
                EmulatorConfig.DEFAULT_BIND_ADDRESS,
                port,
                EmulatorConfig.DEFAULT_MAX_REQUEST_BODY_BYTES,
                EngineSettings.builder()
                        .catalogue(new ModelCatalogue(List.of(TinyModels.tiny("a:latest"))))
                        .numParallel(USERS)
                        .build()));
    }

    /** Waits until the measured users have had answers (the warm-up is one request). */
    private static void awaitAnswers(Emulator emulator) {
        while (completed(emulator) < 10) {
            sleep(20);
        }
    }

    private static long completed(Emulator emulator) {
        var model = emulator.engine().stats().models().get("a:latest");
        return model == null ? 0 : model.completed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
