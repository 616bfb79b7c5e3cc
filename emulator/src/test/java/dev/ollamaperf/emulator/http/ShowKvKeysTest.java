package dev.ollamaperf.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /api/show's KV-cache keys, which the capacity plan reads, agree with every profile's kvBytesPerToken. */
final class ShowKvKeysTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void show_everyCatalogueModel_kvKeysMultiplyToTheProfilesBytesPerToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (Emulator emulator =
                Emulator.start(EmulatorConfig.of(EngineSettings.builder().build()))) {
            for (ModelProfile profile : ModelCatalogue.builtIn().all()) {
                JsonNode info = show(http, emulator.baseUri(), profile.name()).path("model_info");
                String arch = info.path("general.architecture").asText();
                long product = info.path(arch + ".block_count").asLong()
                        * info.path(arch + ".attention.head_count_kv").asLong()
                        * (info.path(arch + ".attention.key_length").asLong()
                                + info.path(arch + ".attention.value_length").asLong())
                        * 2;
                assertThat(product).as(profile.name()).isEqualTo(profile.kvBytesPerToken());
            }
            JsonNode llama = show(http, emulator.baseUri(), "llama3.2:latest").path("model_info");
            assertThat(llama.path("llama.block_count").asLong())
                    .as("llama3.2 3B has 28 layers")
                    .isEqualTo(28);
            assertThat(llama.path("llama.attention.head_count_kv").asLong()).isEqualTo(8);
        }
    }

    @Test
    void kvGeometry_noKvCache_emitsNoKeys() {
        ModelProfile none = new ModelProfile(
                "x:latest",
                "llama",
                "1B",
                "Q4_K_M",
                1,
                4096,
                0,
                java.time.Duration.ZERO,
                1,
                java.time.Duration.ZERO,
                1,
                0,
                0,
                1,
                0,
                java.util.List.of("completion"),
                0,
                "test");
        assertThat(ModelEndpoints.kvGeometry(none)).isEmpty();
    }

    private static JsonNode show(HttpClient http, URI base, String model) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("/api/show"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
