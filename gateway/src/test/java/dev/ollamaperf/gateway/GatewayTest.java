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
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class GatewayTest {

    /** 50 tokens/s: one token every 20 ms, so a stream's chunks are spread out in time. */
    private static final ModelProfile STEADY = profile("steady:latest", 50);

    private static final ModelProfile FAST = profile("fast:latest", 1000);
    private static final ModelProfile EMBEDDER = new ModelProfile(
            "embedder:latest",
            "nomic-bert",
            "137M",
            "F16",
            274_000_000L,
            2048,
            0,
            Duration.ofMillis(10),
            100_000,
            Duration.ofMillis(2),
            1000,
            0,
            0,
            1,
            0,
            List.of("embedding"),
            8,
            "gateway test profile");
    private static final int LIMIT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Emulator emulator;
    private ResponseCache cache;
    private OllamaClient client;
    private OllamaGateway gateway;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(STEADY, FAST, EMBEDDER)))
                .numParallel(4)
                .build()));
        cache = ResponseCache.open(CacheConfig.at(dir.resolve("responses.db")), Clock.systemUTC(), m -> {});
        client = OllamaClient.builder(OllamaClientConfig.builder()
                        .endpoint(emulator.baseUri().toString())
                        .maxConcurrent(LIMIT)
                        .build())
                .responseCache(cache)
                .build();
        gateway = OllamaGateway.start(GatewayConfig.ephemeral(), client, cache, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gateway.close();
        client.close();
        emulator.close();
    }

    @Test
    void chat_notStreamed_answersWithOneOllamaShapedObject() throws Exception {
        HttpResponse<String> response = post(
                "/api/chat",
                "{\"model\":\"fast\",\"stream\":false,\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"Hi\"}],\"options\":{\"num_predict\":5}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("done").asBoolean()).isTrue();
        assertThat(body.at("/message/content").asText()).isNotEmpty();
        assertThat(body.get("eval_count").asInt()).isEqualTo(5);
    }

    @Test
    void generate_streamed_forwardsEachChunkAsItArrives() throws Exception {
        int tokens = 20;
        long start = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();
        List<JsonNode> lines = new ArrayList<>();
        HttpResponse<java.util.stream.Stream<String>> response = http.send(
                request(
                        "/api/generate",
                        "{\"model\":\"steady\",\"prompt\":\"Count\",\"options\":{\"num_predict\":" + tokens + "}}"),
                HttpResponse.BodyHandlers.ofLines());
        response.body().forEach(line -> {
            arrivals.add(System.nanoTime() - start);
            lines.add(readTree(line));
        });

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-ndjson");
        assertThat(lines).hasSize(tokens + 1);
        assertThat(lines.get(tokens).get("done").asBoolean()).isTrue();
        assertThat(lines.subList(0, tokens))
                .allSatisfy(l -> assertThat(l.get("done").asBoolean()).isFalse());
        // 20 tokens at 50 tokens/s take ~380 ms between the first and the last token. Buffering would deliver them
        // together; a loaded 2-core machine may delay some, so only a third of that spread is required.
        long spreadMillis = (arrivals.get(tokens - 1) - arrivals.get(0)) / 1_000_000;
        assertThat(spreadMillis).isGreaterThan(120);
    }

    @Test
    void chat_deterministicRequestAskedAgainStreamed_isReplayedFromTheCacheAsAStream() throws Exception {
        String request = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"options\":{\"temperature\":0,\"num_predict\":6}";
        JsonNode first =
                JSON.readTree(post("/api/chat", request + ",\"stream\":false}").body());
        long requestsBefore = emulatorRequests();

        HttpResponse<String> replayed = post("/api/chat", request + ",\"stream\":true}");

        assertThat(replayed.statusCode()).isEqualTo(200);
        List<JsonNode> lines =
                replayed.body().lines().map(GatewayTest::readTree).collect(Collectors.toList());
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(lines.get(lines.size() - 1).get("done").asBoolean()).isTrue();
        assertThat(lines.stream().map(l -> l.at("/message/content").asText()).collect(Collectors.joining()))
                .isEqualTo(first.at("/message/content").asText());
        assertThat(lines.get(lines.size() - 1).get("eval_count").asInt()).isEqualTo(6);
        assertThat(emulatorRequests()).as("the emulator saw no new request").isEqualTo(requestsBefore);
        assertThat(cache.stats().hits()).isEqualTo(1);
    }

    @Test
    void chatCompletion_streamedThenAgain_isSseBothTimesAndTheSecondFromTheCache() throws Exception {
        String request = "{\"model\":\"fast\",\"stream\":true,\"seed\":7,\"stream_options\":{\"include_usage\":true},"
                + "\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        HttpResponse<String> live = post("/v1/chat/completions", request);
        long requestsAfterLive = emulatorRequests();
        HttpResponse<String> cached = post("/v1/chat/completions", request);

        for (HttpResponse<String> response : List.of(live, cached)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
            assertThat(response.body())
                    .endsWith("data: [DONE]\n\n")
                    .contains("\"finish_reason\":\"length\"") // max_tokens reached
                    .contains("\"usage\"");
        }
        assertThat(text(cached.body())).isEqualTo(text(live.body())).isNotEmpty();
        assertThat(emulatorRequests()).isEqualTo(requestsAfterLive);
        assertThat(cache.stats().hits()).isEqualTo(1);
    }

    @Test
    void chatCompletion_streamedWithoutUsage_isStoredWithUsageForALaterNonStreamedHit() throws Exception {
        String request = "{\"model\":\"fast\",\"seed\":3,\"max_tokens\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

        HttpResponse<String> streamed = post("/v1/chat/completions", request + ",\"stream\":true}");
        long requestsAfterLive = emulatorRequests();
        HttpResponse<String> plain = post("/v1/chat/completions", request + "}");

        assertThat(streamed.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"usage\"");
        JsonNode body = JSON.readTree(plain.body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(text(streamed.body()));
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(emulatorRequests()).as("served from the cache").isEqualTo(requestsAfterLive);
    }

    @Test
    void embed_askedTwice_secondComesFromTheCacheWithTheSameVectors() throws Exception {
        String request = "{\"model\":\"embedder\",\"input\":[\"alpha\",\"beta\"]}";
        JsonNode live = JSON.readTree(post("/api/embed", request).body());
        long requestsAfterLive = emulatorRequests();

        HttpResponse<String> again =
                post("/api/embed", request.replace("[\"alpha\",\"beta\"]", "[\"alpha\", \"beta\"]"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("embeddings"))
                .isEqualTo(live.get("embeddings"))
                .hasSize(2);
        assertThat(emulatorRequests()).isEqualTo(requestsAfterLive);
    }

    @Test
    void manyStreamsAtOnce_neverMoreThanTheLimitReachOllama() throws Exception {
        emulator.engine().resetPeaks();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(http.sendAsync(
                    request(
                            "/api/generate",
                            "{\"model\":\"steady\",\"prompt\":\"p" + i + "\",\"options\":{\"num_predict\":8}}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        var stats = emulator.engine().stats().models().get("steady:latest");
        assertThat(stats.maxInFlight()).isLessThanOrEqualTo(LIMIT).isPositive();
        assertThat(stats.completed()).isEqualTo(6);
    }

    @Test
    void metrics_afterCalls_showClientAndCacheFiguresInPrometheusText() throws Exception {
        post(
                "/api/generate",
                "{\"model\":\"fast\",\"prompt\":\"x\",\"stream\":false,\"options\":{\"temperature\":0,"
                        + "\"num_predict\":3}}");
        post(
                "/api/generate",
                "{\"model\":\"fast\",\"prompt\":\"x\",\"stream\":false,\"options\":{\"temperature\":0,"
                        + "\"num_predict\":3}}");

        HttpResponse<String> metrics =
                http.send(HttpRequest.newBuilder(uri("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("ollama_client_latency_seconds")
                .contains("# TYPE ollama_cache_hits_total counter")
                .contains("ollama_cache_hits_total{tier=\"memory\"} 1")
                .contains("ollama_cache_puts_total{tier=\"sqlite\"} 1")
                .contains("ollama_cache_persistent 1");
    }

    @Test
    void destructiveEndpoints_areRefusedAndNeverForwarded() throws Exception {
        for (String path :
                List.of("/api/pull", "/api/push", "/api/create", "/api/copy", "/api/delete", "/api/blobs/sha256:abc")) {
            HttpResponse<String> response = post(path, "{\"model\":\"fast\"}");
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(response.body()).contains("never forwards");
        }
        assertThat(emulator.engine().stats().destructiveCalls().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isZero();
    }

    @Test
    void destructiveEndpoints_withOllamasMethodsOrSpelledOtherwise_areRefusedAndNeverForwarded() throws Exception {
        long before = emulatorRequests();
        for (String call : List.of(
                "DELETE /api/delete",
                "HEAD /api/blobs/sha256:abc",
                "POST /api/generate/../pull",
                "POST /api/./copy",
                "DELETE /api/%64elete",
                "POST /api/%2e%2e/api/push",
                "POST /v1/..%2fapi/create",
                "POST /api/blobs%2fsha256:abc")) {
            String[] parts = call.split(" ");
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUri() + parts[1]))
                            .method(parts[0], HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(call).isEqualTo(403);
        }
        assertThat(emulator.engine().stats().destructiveCalls().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isZero();
        assertThat(emulatorRequests()).isEqualTo(before);
    }

    @Test
    void v1Models_throughTheGateway_isTheEmulatorsListUnchanged() throws Exception {
        HttpResponse<String> through = get("/v1/models");
        HttpResponse<String> direct = http.send(
                HttpRequest.newBuilder(emulator.baseUri().resolve("/v1/models"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(through.statusCode()).isEqualTo(200);
        assertThat(through.headers().firstValue("Content-Type"))
                .isEqualTo(direct.headers().firstValue("Content-Type"));
        JsonNode list = JSON.readTree(through.body());
        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(modelIds(list))
                .containsExactlyInAnyOrderElementsOf(modelIds(JSON.readTree(direct.body())))
                .containsExactlyInAnyOrder("steady:latest", "fast:latest", "embedder:latest");
        assertThat(list.get("data")).allSatisfy(model -> {
            assertThat(model.get("object").asText()).isEqualTo("model");
            assertThat(model.get("owned_by").asText()).isEqualTo("library");
            assertThat(model.get("created").asLong()).isPositive();
        });
        assertThat(list).isEqualTo(JSON.readTree(direct.body()));
    }

    @Test
    void legacyEmbeddings_throughTheGateway_areTheEmulatorsVectorsAndErrors() throws Exception {
        for (String model : List.of("embedder", "nope")) {
            String request = "{\"model\":\"" + model + "\",\"prompt\":\"alpha\"}";

            HttpResponse<String> through = post("/api/embeddings", request);
            HttpResponse<String> direct = http.send(
                    HttpRequest.newBuilder(emulator.baseUri().resolve("/api/embeddings"))
                            .POST(HttpRequest.BodyPublishers.ofString(request))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(through.statusCode())
                    .as(model)
                    .isEqualTo(direct.statusCode())
                    .isEqualTo(model.equals("nope") ? 404 : 200);
            assertThat(JSON.readTree(through.body())).as(model).isEqualTo(JSON.readTree(direct.body()));
        }
        assertThat(JSON.readTree(post("/api/embeddings", "{\"model\":\"embedder\",\"prompt\":\"alpha\"}")
                                .body())
                        .get("embedding"))
                .isNotEmpty();
    }

    @Test
    void metadataEndpoints_answerLikeOllama() throws Exception {
        assertThat(get("/").body()).isEqualTo("Ollama is running");
        assertThat(JSON.readTree(get("/api/version").body()).get("version").asText())
                .isNotEmpty();
        assertThat(JSON.readTree(get("/api/tags").body()).get("models")).hasSize(3);
        assertThat(JSON.readTree(get("/api/ps").body()).has("models")).isTrue();
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownModel_isAnsweredWithOllamasStatusAndErrorBody() throws Exception {
        HttpResponse<String> response = post("/api/generate", "{\"model\":\"nope\",\"prompt\":\"x\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("nope");
    }

    @Test
    void wrongTypes_areAnswered400AndNeverReachOllama() throws Exception {
        long before = emulatorRequests();
        List<String[]> bodies = List.of(
                new String[] {"/api/generate", "{\"model\":{\"model\":\"fast\",\"prompt\":\"nested\"},\"prompt\":\"B\"}"
                },
                new String[] {"/api/generate", "{\"model\":{\"a\":1},\"prompt\":\"B\"}"},
                new String[] {"/api/chat", "{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"},
                new String[] {"/api/embed", "{\"model\":\"fast\",\"input\":5}"});
        for (String[] call : bodies) {
            HttpResponse<String> response = post(call[0], call[1]);

            assertThat(response.statusCode())
                    .as("%s %s: %s", call[0], call[1], response.body())
                    .isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText())
                    .as(call[1])
                    .isNotBlank();
        }
        assertThat(emulatorRequests())
                .as("no wrongly typed request reaches Ollama")
                .isEqualTo(before);
    }

    private static List<String> modelIds(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(model -> ids.add(model.get("id").asText()));
        return ids;
    }

    private long emulatorRequests() {
        return emulator.engine().stats().models().values().stream()
                .mapToLong(s -> s.requests())
                .sum();
    }

    private static String text(String sse) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                text.append(readTree(line.substring(6))
                        .at("/choices/0/delta/content")
                        .asText(""));
            }
        }
        return text.toString();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
    }

    private URI uri(String path) {
        return gateway.baseUri().resolve(path);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    private static ModelProfile profile(String name, double tokensPerSecond) {
        return new ModelProfile(
                name,
                "llama",
                "3.2B",
                "Q4_K_M",
                2_019_393_189L,
                131_072,
                114_688,
                Duration.ofMillis(20),
                1_000_000,
                Duration.ofMillis(5),
                tokensPerSecond,
                0,
                0,
                40,
                0,
                List.of("completion", "tools"),
                0,
                "gateway test profile");
    }
}
