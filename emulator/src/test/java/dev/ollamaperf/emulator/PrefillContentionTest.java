package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prefill while another slot decodes, over real HTTP: llama-server computes the prompt in the same batch as
 * the decoding slots' next tokens, so their tokens wait for it (docs/ollama-api.md §3.2 item 6). Profile
 * {@link #CONTENDED}: tokens every 10 ms (100/s, no jitter), prompts at 1,000 tokens/s after a 400 ms fixed
 * overhead, so a 300-token prompt is 400 ms of template work and then a 300 ms batch.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class PrefillContentionTest {

    static final ModelProfile CONTENDED = TestProfiles.completion(
            "contended:latest", 1_000, Duration.ofMillis(400), 100, Duration.ZERO, 60, List.of("completion"));

    @Test
    void generate_otherSlotPrefillsMidStream_decodingSlotWaitsForItsBatchOnly() throws Exception {
        try (Emulator emulator = TestProfiles.start(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(CONTENDED)))
                .numParallel(2)
                .build())) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            assertThat(http.post("/api/generate", "{\"model\":\"contended\",\"prompt\":\"\"}")
                            .statusCode())
                    .isEqualTo(200);
            CompletableFuture<HttpResponse<String>> other = new CompletableFuture<>();
            int[] lines = {0};

            // 2 s of decoding: the other request's batch (400 to 700 ms after it arrives) falls inside the stream
            // even when a busy machine delays that request by a second (with 600 ms it once arrived too late, and the
            // longest gap was 63 ms)
            OllamaHttp.Stream decoding = http.stream(
                    "/api/generate",
                    "{\"model\":\"contended\",\"prompt\":\"hi\",\"options\":{\"num_predict\":200}}",
                    line -> {
                        if (++lines[0] == 10) {
                            CompletableFuture.supplyAsync(() -> http.post(
                                            "/api/generate",
                                            "{\"model\":\"contended\",\"stream\":false,\"prompt\":\""
                                                    + "abcd".repeat(300) + "\",\"options\":{\"num_predict\":1}}"))
                                    .whenComplete((r, e) -> {
                                        if (e != null) {
                                            other.completeExceptionally(e);
                                        } else {
                                            other.complete(r);
                                        }
                                    });
                        }
                    });
            JsonNode prefilled =
                    OllamaHttp.parse(other.get(10, TimeUnit.SECONDS).body());

            long maxGap = 0;
            for (int i = 1; i < decoding.lines().size(); i++) {
                maxGap = Math.max(
                        maxGap,
                        decoding.lines().get(i).arrivedNanos()
                                - decoding.lines().get(i - 1).arrivedNanos());
            }
            assertThat(prefilled.get("prompt_eval_duration").asLong())
                    .as("the prefill itself is not slowed")
                    .isBetween(700_000_000L, 1_000_000_000L);
            // a 10 ms token interval alone would leave gaps of ~10 ms; the 300 ms batch holds one token back by
            // about 290..300 ms, the 400 ms overhead before it holds nothing (else the gap would be ~690 ms); the
            // upper bound leaves 250 ms for timer lateness on a busy machine
            assertThat(maxGap)
                    .as("the longest gap between the decoding slot's tokens, ns")
                    .isBetween(250_000_000L, 550_000_000L);
        }
    }
}
