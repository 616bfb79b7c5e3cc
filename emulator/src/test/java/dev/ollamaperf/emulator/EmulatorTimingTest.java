package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.engine.FaultPlan;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a client sees on the wire matches the profile and the reported metrics. Profile
 * {@link TestProfiles#STEADY}: 50 tokens/s (20 ms apart), 300 ms cold load, 100 ms prompt
 * overhead, no jitter, one slot.
 *
 * <p>Tolerances are set for a loaded 2-core machine shared with other builds: lower bounds are
 * tight (the emulator must never be early), upper bounds allow 150 ms of scheduling delay, and
 * rates allow 15 % (client side, where every late token shortens the measured rate) or 10 %
 * (server side, computed from what the engine itself waited).
 */
@Timeout(60)
final class EmulatorTimingTest {

    private static final double INTERVAL_MS = 1000.0 / TestProfiles.STEADY_TOKENS_PER_SECOND;
    private static final double LOAD_MS = TestProfiles.STEADY_LOAD.toMillis();
    private static final double OVERHEAD_MS = TestProfiles.STEADY_PROMPT_OVERHEAD.toMillis();
    private static final double SLACK_MS = 150;

    private Emulator emulator;
    private OllamaHttp http;

    @BeforeEach
    void start() {
        emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE));
        http = new OllamaHttp(emulator.baseUri());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void stream_coldRequest_ttftAndTokenRateMatchTheProfile() {
        OllamaHttp.Stream stream = http.stream(
                "/api/generate",
                "{\"model\":\"steady\",\"prompt\":\"Count to thirty.\",\"options\":{\"num_predict\":26}}");
        assertThat(stream.lines()).hasSize(27);
        double ttftMs = millis(stream.lines().get(0).arrivedNanos() - stream.sentNanos());
        double expectedMinMs = LOAD_MS + OVERHEAD_MS;
        assertThat(ttftMs)
                .as("TTFT: load + prompt overhead + up to one decode step")
                .isBetween(expectedMinMs - 5, expectedMinMs + INTERVAL_MS + SLACK_MS);

        double decodeMs = millis(
                stream.lines().get(25).arrivedNanos() - stream.lines().get(0).arrivedNanos());
        double clientRate = 25 / (decodeMs / 1000);
        assertThat(clientRate)
                .as("client-observed tokens/s")
                .isCloseTo(TestProfiles.STEADY_TOKENS_PER_SECOND, within(TestProfiles.STEADY_TOKENS_PER_SECOND * 0.15));

        JsonNode last = stream.last().json();
        double serverRate =
                last.get("eval_count").asDouble() / (last.get("eval_duration").asDouble() / 1e9);
        assertThat(serverRate)
                .as("eval_count / eval_duration")
                .isCloseTo(TestProfiles.STEADY_TOKENS_PER_SECOND, within(TestProfiles.STEADY_TOKENS_PER_SECOND * 0.10));
        assertThat(last.get("load_duration").asDouble() / 1e6)
                .as("cold load_duration, ms")
                .isBetween(LOAD_MS - 5, LOAD_MS + SLACK_MS);
    }

    @Test
    void stream_anyRequest_reportedTotalDurationMatchesTheClientsWallClock() {
        OllamaHttp.Stream stream = http.stream(
                "/api/chat",
                "{\"model\":\"steady\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}],\"options\":{\"num_predict\":10}}");
        double clientMs = millis(stream.last().arrivedNanos() - stream.sentNanos());
        double totalMs = stream.last().json().get("total_duration").asDouble() / 1e6;
        // The server's clock starts after the request is parsed and stops before the last line is
        // written, so it can only be shorter than the client's view, by connect + transfer time.
        assertThat(totalMs).as("total_duration, ms").isLessThanOrEqualTo(clientMs + 1);
        assertThat(clientMs - totalMs)
                .as("client wall clock minus total_duration, ms")
                .isLessThan(100);
        double headersToFirstMs = millis(stream.lines().get(0).arrivedNanos() - stream.headersNanos());
        assertThat(headersToFirstMs).as("headers come with the first token").isLessThan(50);
    }

    @Test
    void stream_queuedForTheOnlySlot_getsNoHeadersUntilItsFirstToken() throws Exception {
        http.post("/api/generate", "{\"model\":\"steady\"}");
        CountDownLatch firstRunning = new CountDownLatch(1);
        CompletableFuture<OllamaHttp.Stream> first = CompletableFuture.supplyAsync(() -> http.stream(
                "/api/generate",
                "{\"model\":\"steady\",\"prompt\":\"a\",\"options\":{\"num_predict\":25}}",
                line -> firstRunning.countDown()));
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();

        OllamaHttp.Stream queued =
                http.stream("/api/generate", "{\"model\":\"steady\",\"prompt\":\"b\",\"options\":{\"num_predict\":3}}");
        OllamaHttp.Stream running = first.get(10, TimeUnit.SECONDS);

        double headersAfterFirstEndsMs =
                millis(queued.headersNanos() - running.last().arrivedNanos());
        assertThat(headersAfterFirstEndsMs)
                .as("queued request's headers vs the running one's last line, ms")
                .isGreaterThan(-20);
        double timeToHeadersMs = millis(queued.headersNanos() - queued.sentNanos());
        double ttftMs = millis(queued.lines().get(0).arrivedNanos() - queued.sentNanos());
        assertThat(ttftMs - timeToHeadersMs).as("time to headers ~= TTFT").isBetween(-1.0, 50.0);

        JsonNode last = queued.last().json();
        double waitedMs = millis(running.last().arrivedNanos() - queued.sentNanos());
        assertThat(last.get("total_duration").asDouble() / 1e6)
                .as("total_duration includes the slot wait")
                .isGreaterThan(waitedMs);
        assertThat(last.get("eval_duration").asDouble() / 1e6)
                .as("eval_duration excludes it")
                .isLessThan(3 * INTERVAL_MS + SLACK_MS);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
