package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.client.health.Preflight;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * server.json from what the preflight noted, against a real (emulated) server; the preflight's own cases
 * are the client's PreflightTest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ServerJsonTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void write_afterARunLoadedAModel_namesItWithItsPeakSize(@TempDir Path run) throws Exception {
        try (Emulator emulator = start();
                Preflight preflight = Preflight.check(emulator.baseUri(), List.of("b:latest"), out)) {
            load(emulator, "b:latest", null); // the run
            ServerJson.write(preflight, run.resolve("server.json"));
            preflight.restore(); // what restore does is the client's PreflightTest's

            JsonNode endpoint = new ObjectMapper()
                    .readTree(run.resolve("server.json").toFile())
                    .path("endpoints")
                    .get(0);
            assertThat(endpoint.path("url").asText())
                    .isEqualTo(emulator.baseUri().toString());
            JsonNode model = endpoint.path("models").get(0);
            assertThat(model.path("name").asText()).isEqualTo("b:latest");
            assertThat(model.path("size_bytes").asLong()).isGreaterThan(1_000_000L);
        }
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

    private static Emulator start() throws Exception {
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(tiny("b:latest"))))
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
