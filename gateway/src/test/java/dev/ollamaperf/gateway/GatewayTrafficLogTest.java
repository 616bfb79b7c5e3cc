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
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.TrafficRecord;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic log written by a real gateway in front of the emulator: one line per model request with the counts,
 * the session, the cache hit and the outcome; no text unless switched on.
 */
@Timeout(60)
final class GatewayTrafficLogTest {

    private static final ModelProfile FAST = new ModelProfile(
            "fast:latest",
            "llama",
            "3.2B",
            "Q4_K_M",
            2_019_393_189L,
            131_072,
            114_688,
            Duration.ofMillis(5),
            1_000_000,
            Duration.ofMillis(1),
            1000,
            0,
            0,
            40,
            0,
            List.of("completion", "tools"),
            0,
            "traffic log test profile");
    /** Every arrival is stamped with this instant: the clock is injected. */
    private static final Instant ARRIVAL = Instant.parse("2026-11-26T10:00:00.125Z");

    private static final String SYSTEM = "{\"role\":\"system\",\"content\":\"You are terse.\"}";
    private static final String FIRST = "{\"role\":\"user\",\"content\":\"Name a colour.\"}";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Emulator emulator;
    private OllamaClient client;
    private OllamaGateway gateway;
    private TrafficLog traffic;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (client != null) {
            client.close();
        }
        if (traffic != null) {
            traffic.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private Path start(boolean text) throws IOException {
        emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(FAST)))
                .numParallel(4)
                .build()));
        ResponseCache cache = new CacheHitProbe(
                ResponseCache.open(CacheConfig.at(dir.resolve("responses.db")), Clock.systemUTC(), m -> {}));
        client = OllamaClient.builder(OllamaClientConfig.builder()
                        .endpoint(emulator.baseUri().toString())
                        .build())
                .responseCache(cache)
                .build();
        Path file = dir.resolve("traffic.jsonl");
        traffic = TrafficLog.open(new TrafficLogSettings(file, text), Clock.fixed(ARRIVAL, ZoneOffset.UTC), System.err);
        gateway = OllamaGateway.start(GatewayConfig.ephemeral(), client, cache, Clock.systemUTC(), traffic);
        return file;
    }

    /** Closes the gateway, then the log (which writes what it holds), and reads the file back. */
    private List<TrafficRecord> stopAndRead(Path file) {
        gateway.close();
        gateway = null;
        traffic.close();
        return FormatFiles.readTraffic(file);
    }

    @Test
    void chat_twoTurnsAndAnotherConversation_linesCarryCountsAndSessions() throws Exception {
        Path file = start(false);
        JsonNode turn1 = chat("[" + SYSTEM + "," + FIRST + "]", 6, true);
        String reply = turn1.path("text").asText();
        chat(
                "[" + SYSTEM + "," + FIRST + ",{\"role\":\"assistant\",\"content\":" + json.writeValueAsString(reply)
                        + "},{\"role\":\"user\",\"content\":\"Another.\"}]",
                4,
                true);
        chat("[{\"role\":\"user\",\"content\":\"Name a fruit.\"}]", 3, false);

        List<TrafficRecord> lines = stopAndRead(file);

        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(TrafficRecord::messageCount).containsExactly(2, 4, 1);
        assertThat(lines).extracting(TrafficRecord::outputTokens).containsExactly(6L, 4L, 3L);
        assertThat(lines).extracting(TrafficRecord::stream).containsExactly(true, true, false);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.arrival()).isEqualTo("2026-11-26T10:00:00.125Z");
            assertThat(l.endpoint()).isEqualTo("/api/chat");
            assertThat(l.model()).isEqualTo("fast");
            assertThat(l.servedBy()).startsWith("fast");
            assertThat(l.promptTokens()).isPositive();
            assertThat(l.cacheHit()).isFalse();
            assertThat(l.outcome()).isEqualTo("ok");
            assertThat(l.status()).isEqualTo(200);
            assertThat(l.ttftMs()).isNotNull().isLessThanOrEqualTo(l.totalMs());
            assertThat(l.text()).isNull();
        });
        // the second turn resends the first, plus the answer and a new question: more prompt tokens
        assertThat(lines.get(1).promptTokens()).isGreaterThan(lines.get(0).promptTokens());
        assertThat(lines.get(0).session()).hasSize(16).isEqualTo(lines.get(1).session());
        assertThat(lines.get(2).session()).isNotEqualTo(lines.get(0).session());
        assertThat(lines.get(0).options().numPredict()).isEqualTo(6L);
        assertThat(lines.get(0).options().seed()).isEqualTo(7L);
        assertThat(lines.get(0).options().temperature()).isEqualTo(0.0);
        assertThat(Files.readString(file)).doesNotContain("colour").doesNotContain(reply);
    }

    @Test
    void chat_repeatedDeterministicRequest_secondLineIsACacheHitWithTheSameCounts() throws Exception {
        Path file = start(false);
        String messages = "[" + FIRST + "]";
        chat(messages, 5, true);
        chat(messages, 5, true);

        List<TrafficRecord> lines = stopAndRead(file);

        assertThat(lines).extracting(TrafficRecord::cacheHit).containsExactly(false, true);
        assertThat(lines.get(1).outputTokens())
                .isEqualTo(lines.get(0).outputTokens())
                .isEqualTo(5L);
        assertThat(lines.get(1).promptTokens()).isEqualTo(lines.get(0).promptTokens());
        assertThat(lines.get(1).session()).isEqualTo(lines.get(0).session());
    }

    @Test
    void textSwitch_on_linesCarryTheMessagesAndTheAnswer() throws Exception {
        Path file = start(true);
        String answer =
                chat("[" + SYSTEM + "," + FIRST + "]", 5, true).path("text").asText();
        post(
                "/api/generate",
                "{\"model\":\"fast\",\"prompt\":\"Why?\",\"stream\":false,\"options\":{\"num_predict\":3}}");

        List<TrafficRecord> lines = stopAndRead(file);

        TrafficRecord.TrafficText chatText = lines.get(0).text();
        assertThat(chatText.messages())
                .containsExactly(
                        new TrafficRecord.TrafficMessage("system", "You are terse."),
                        new TrafficRecord.TrafficMessage("user", "Name a colour."));
        assertThat(chatText.answer()).isNotEmpty().isEqualTo(answer);
        assertThat(lines.get(1).endpoint()).isEqualTo("/api/generate");
        assertThat(lines.get(1).text().messages()).containsExactly(new TrafficRecord.TrafficMessage("user", "Why?"));
        assertThat(lines.get(1).outputTokens()).isEqualTo(3L);
    }

    @Test
    void unknownModel_lineSaysErrorWithItsStatus() throws Exception {
        Path file = start(false);
        HttpResponse<String> response =
                post("/api/chat", "{\"model\":\"missing\",\"messages\":[" + FIRST + "],\"stream\":false}");

        List<TrafficRecord> lines = stopAndRead(file);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.outcome()).isEqualTo("error");
            assertThat(l.status()).isEqualTo(404);
            assertThat(l.servedBy()).isNull();
            assertThat(l.outputTokens()).isNull();
        });
    }

    @Test
    void metrics_logOn_countWrittenLines() throws Exception {
        Path file = start(false);
        chat("[" + FIRST + "]", 2, false);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (traffic.written() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        String metrics = http.send(
                        HttpRequest.newBuilder(gateway.baseUri().resolve("/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(metrics)
                .contains("ollama_gateway_traffic_log_records_total{result=\"written\"} 1")
                .contains("ollama_gateway_traffic_log_records_total{result=\"dropped\"} 0");
        // written while the gateway still runs: lines are flushed as they go, not only at shutdown
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    /** A chat with temperature 0 and seed 7; returns the answer's text and its last object. */
    private JsonNode chat(String messages, int numPredict, boolean stream) throws Exception {
        HttpResponse<String> response = post(
                "/api/chat",
                "{\"model\":\"fast\",\"stream\":" + stream + ",\"messages\":" + messages
                        + ",\"options\":{\"num_predict\":" + numPredict + ",\"temperature\":0,\"seed\":7}}");
        assertThat(response.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (String line : response.body().split("\n")) {
            text.append(json.readTree(line).at("/message/content").asText());
        }
        return json.createObjectNode().put("text", text.toString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
