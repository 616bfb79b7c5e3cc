package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class GatewayFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelProfile FAST = new ModelProfile(
            "fast:latest",
            "llama",
            "3.2B",
            "Q4_K_M",
            2_019_393_189L,
            131_072,
            114_688,
            Duration.ofMillis(20),
            1_000_000,
            Duration.ofMillis(5),
            1000,
            0,
            0,
            40,
            0,
            List.of("completion"),
            0,
            "gateway test profile");

    @TempDir
    Path dir;

    @Test
    void upstreamDropsMidStream_callerGetsTheChunksThenOneErrorLine_andNothingIsCached() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                        .catalogue(new ModelCatalogue(List.of(FAST)))
                        .faults(FaultPlan.parse("drop=1:after=3"))
                        .build()));
                ResponseCache cache =
                        ResponseCache.open(CacheConfig.at(dir.resolve("r.db")), Clock.systemUTC(), m -> {});
                OllamaClient client = OllamaClient.builder(OllamaClientConfig.builder()
                                .endpoint(emulator.baseUri().toString())
                                .build())
                        .responseCache(cache)
                        .build();
                OllamaGateway gateway =
                        OllamaGateway.start(GatewayConfig.ephemeral(), client, cache, Clock.systemUTC())) {
            HttpRequest request = HttpRequest.newBuilder(gateway.baseUri().resolve("/api/generate"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"prompt\":\"x\","
                            + "\"options\":{\"temperature\":0,\"num_predict\":10}}"))
                    .build();

            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode())
                    .as("headers went out with the first chunk")
                    .isEqualTo(200);
            List<JsonNode> lines =
                    response.body().lines().map(GatewayFaultsTest::tree).collect(Collectors.toList());
            assertThat(lines).hasSize(4);
            assertThat(lines.subList(0, 3))
                    .allSatisfy(l -> assertThat(l.get("done").asBoolean()).isFalse());
            assertThat(lines.get(3).has("error")).isTrue();
            assertThat(lines).noneMatch(l -> l.path("done").asBoolean(false));
            assertThat(cache.stats().sqlite().puts()).isZero();
            assertThat(cache.stats().memory().entries()).isZero();
        }
    }

    @Test
    void bodiesInFlightBeyondTheBudget_get503AndEveryReservationIsGivenBack() throws Exception {
        int maxBody = 2048;
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                        .catalogue(new ModelCatalogue(List.of(FAST)))
                        .build()));
                ResponseCache cache =
                        ResponseCache.open(CacheConfig.at(dir.resolve("r.db")), Clock.systemUTC(), m -> {});
                // One call at a time reaches Ollama, so the others wait in the limiter holding their bodies.
                OllamaClient client = OllamaClient.builder(OllamaClientConfig.builder()
                                .endpoint(emulator.baseUri().toString())
                                .maxConcurrent(1)
                                .build())
                        .responseCache(cache)
                        .build();
                OllamaGateway gateway = OllamaGateway.start(
                        new GatewayConfig("127.0.0.1", 0, 32, maxBody), client, cache, Clock.systemUTC())) {
            String body = "{\"model\":\"fast\",\"stream\":false,\"options\":{\"num_predict\":300},\"prompt\":\""
                    + "p".repeat(1900) + "\"}";
            HttpClient http = HttpClient.newHttpClient();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 3 * OllamaGateway.BODIES_IN_FLIGHT; i++) {
                calls.add(http.sendAsync(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/api/generate"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> answers = calls.stream()
                    .map(java.util.concurrent.CompletableFuture::join)
                    .toList();

            List<HttpResponse<String>> busy =
                    answers.stream().filter(r -> r.statusCode() == 503).toList();
            assertThat(busy).as("some bodies found the budget full").isNotEmpty();
            assertThat(busy.get(0).body())
                    .contains("gateway busy: request bodies in flight would exceed "
                            + OllamaGateway.BODIES_IN_FLIGHT * maxBody + " bytes");
            assertThat(busy.get(0).headers().firstValue("Retry-After")).hasValue("1");
            assertThat(answers).as("the others were served").anyMatch(r -> r.statusCode() == 200);
            assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 503);
            // Given back after the answer went out, so a moment after the last caller has it.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (gateway.bodyBytesHeld() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(gateway.bodyBytesHeld())
                    .as("every reservation was given back")
                    .isZero();
        }
    }

    @Test
    void upstreamFailsBeforeAnyToken_callerGetsItsStatusAndErrorBody() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                        .catalogue(new ModelCatalogue(List.of(FAST)))
                        .faults(FaultPlan.parse("error=1"))
                        .build()));
                ResponseCache cache =
                        ResponseCache.open(CacheConfig.at(dir.resolve("r.db")), Clock.systemUTC(), m -> {});
                OllamaClient client = OllamaClient.builder(OllamaClientConfig.builder()
                                .endpoint(emulator.baseUri().toString())
                                .build())
                        .responseCache(cache)
                        .build();
                OllamaGateway gateway =
                        OllamaGateway.start(GatewayConfig.ephemeral(), client, cache, Clock.systemUTC())) {
            for (String path : List.of("/api/chat", "/v1/chat/completions")) {
                HttpRequest request = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                        .build();

                HttpResponse<String> response =
                        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(path).isEqualTo(500);
                JsonNode error = tree(response.body()).get("error");
                String message = path.startsWith("/v1") ? error.get("message").asText() : error.asText();
                assertThat(message).as(path).contains("fault injected by the emulator");
            }
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
