package dev.ollamaperf.client.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.LoadedModel;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The preflight against a real (emulated) server: clear refusals, and the loaded set put back. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class PreflightTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void check_missingModel_namesMissingAndPresentModels() throws Exception {
        try (Emulator emulator = start(3)) {
            assertThatThrownBy(() -> Preflight.check(emulator.baseUri(), List.of("a:latest", "nope:7b"), out))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("nope:7b not found")
                    .hasMessageContaining("present: a:latest, b:latest")
                    .hasMessageContaining("never pulls");
        }
    }

    @Test
    void check_nothingListening_saysOllamaIsNotReachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        long start = System.nanoTime();

        assertThatThrownBy(() -> Preflight.check(closed, List.of("a:latest"), out))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("not usable at " + closed)
                .hasMessageContaining("Is it running");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast").isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void restore_afterRunEvictedAModel_unloadsWhatItLoadedAndReloadsWhatWasThere() throws Exception {
        try (Emulator emulator = start(1)) {
            load(emulator, "a:latest", "10m");
            assertThat(loaded(emulator)).containsExactly("a:latest");

            try (Preflight preflight = Preflight.check(emulator.baseUri(), List.of("b:latest"), out)) {
                load(emulator, "b:latest", null); // the run: only one model fits, so a is evicted
                assertThat(loaded(emulator)).containsExactly("b:latest");
                preflight.sample();
                assertThat(preflight.peakModels()).containsOnlyKeys("b:latest");
                assertThat(preflight.loadedBefore()).containsExactly("a:latest");

                preflight.restore();
            }

            assertThat(loaded(emulator)).containsExactly("a:latest");
            assertThat(emulator.engine().stats().destructiveCalls()).isEmpty();
        }
    }

    private static List<String> loaded(Emulator emulator) {
        return emulator.engine().loadedModels().stream()
                .map(LoadedModel::profile)
                .map(ModelProfile::name)
                .toList();
    }

    /** Loads a model the way a person would: an empty generate request. */
    private static void load(Emulator emulator, String model, String keepAlive) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"prompt\":\"\",\"stream\":false"
                + (keepAlive == null ? "" : ",\"keep_alive\":\"" + keepAlive + "\"") + "}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(emulator.baseUri().resolve("/api/generate"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static Emulator start(int maxLoadedModels) throws Exception {
        List<ModelProfile> profiles = List.of(tiny("a:latest"), tiny("b:latest"));
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(profiles))
                .maxLoadedModels(maxLoadedModels)
                .build()));
    }

    private static ModelProfile tiny(String name) {
        return new ModelProfile(
                name,
                "llama",
                "1B",
                "Q4_K_M",
                700_000_000L,
                8192,
                32_768,
                Duration.ofMillis(30),
                100_000,
                Duration.ofMillis(2),
                500,
                0,
                0,
                5,
                0,
                List.of("completion"),
                0,
                "test profile");
    }
}
