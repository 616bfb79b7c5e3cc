package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.engine.EngineStats;
import dev.ollamaperf.emulator.engine.FaultPlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Refused requests (docs/ollama-api.md §2), the body bound, and clients that go away. */
@Timeout(60)
final class EmulatorBadInputTest {

    @Test
    void malformedOrEmptyBody_is400WithAJsonError() {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE))) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            for (String path : new String[] {"/api/generate", "/api/chat", "/api/show", "/api/embed"}) {
                HttpResponse<String> empty = http.post(path, "");
                assertThat(empty.statusCode()).as(path).isEqualTo(400);
                assertThat(empty.body()).as(path).isEqualTo("{\"error\":\"missing request body\"}");
                HttpResponse<String> malformed = http.post(path, "{\"model\": llama");
                assertThat(malformed.statusCode()).as(path).isEqualTo(400);
                assertThat(OllamaHttp.parse(malformed.body()).get("error").asText())
                        .as(path)
                        .isNotBlank();
            }
            HttpResponse<String> wrongType = http.post("/api/generate", "{\"model\":\"fast\",\"stream\":\"no\"}");
            assertThat(wrongType.body())
                    .isEqualTo("{\"error\":\"json: cannot unmarshal string into Go struct field "
                            + "GenerateRequest.stream of type bool\"}");
        }
    }

    @Test
    void unknownOrMissingModel_isRefusedAsOllamaRefusesIt() {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE))) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            assertError(
                    http.post("/api/generate", "{\"model\":\"llama9\",\"prompt\":\"x\"}"),
                    404,
                    "model 'llama9' not found");
            assertError(
                    http.post("/api/chat", "{\"model\":\"llama9\",\"messages\":[]}"), 404, "model 'llama9' not found");
            assertError(http.post("/api/show", "{\"model\":\"llama9\"}"), 404, "model 'llama9' not found");
            assertError(
                    http.post("/api/embed", "{\"model\":\"llama9\",\"input\":\"x\"}"), 404, "model 'llama9' not found");
            assertError(http.post("/api/generate", "{\"prompt\":\"x\"}"), 404, "model '' not found");
            assertError(
                    http.post("/api/chat", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                    400,
                    "model is required");
            assertError(http.post("/api/show", "{}"), 400, "model is required");
        }
    }

    @Test
    void bodyOverTheBound_is413WithAJsonError() {
        EmulatorConfig config = new EmulatorConfig("127.0.0.1", 0, 1024, TestProfiles.settings(1, FaultPlan.NONE));
        try (Emulator emulator = Emulator.start(config)) {
            String prompt = "x".repeat(4096);
            HttpResponse<String> response = new OllamaHttp(emulator.baseUri())
                    .post("/api/generate", "{\"model\":\"fast\",\"prompt\":\"" + prompt + "\"}");
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(OllamaHttp.parse(response.body()).get("error").asText()).contains("1024 bytes");
            assertThat(emulator.engine().stats().models().get("fast:latest").requests())
                    .isZero();

            // With Expect: 100-continue (curl's habit) the refusal comes before the body is sent.
            try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream()
                        .write(("POST /api/generate HTTP/1.1\r\nHost: h\r\nContent-Length: 4096\r\n"
                                        + "Expect: 100-continue\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                String wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(wire).startsWith("HTTP/1.1 413").contains("{\"error\":\"request body too large");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void clientDisconnectsMidStream_slotIsFreedForTheNextRequest() throws Exception {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE))) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            http.post("/api/generate", "{\"model\":\"steady\"}");
            // 1,000 tokens at 50/s would hold the only slot for 20 s.
            try (Socket socket = rawPost(
                    emulator,
                    "/api/generate",
                    "{\"model\":\"steady\",\"prompt\":\"x\",\"options\":{\"num_predict\":1000}}")) {
                readUntil(socket.getInputStream(), "\"done\":false");
                assertThat(steady(emulator).inFlight()).isEqualTo(1);
            }
            awaitStats(emulator, s -> s.inFlight() == 0);
            long started = System.nanoTime();
            HttpResponse<String> next = http.post(
                    "/api/generate",
                    "{\"model\":\"steady\",\"prompt\":\"y\",\"stream\":false,\"options\":{\"num_predict\":3}}");
            assertThat(next.statusCode()).isEqualTo(200);
            // Prefill 100 ms + 3 tokens of 20 ms; 2 s leaves room for a loaded machine, 20 s would not.
            assertThat((System.nanoTime() - started) / 1e9).isLessThan(2.0);
            assertThat(steady(emulator).failed()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void clientDisconnectsWhileQueued_itsPlaceInTheQueueIsGivenUp() throws Exception {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE))) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            http.post("/api/generate", "{\"model\":\"steady\"}");
            CompletableFuture<OllamaHttp.Stream> running = CompletableFuture.supplyAsync(() -> http.stream(
                    "/api/generate", "{\"model\":\"steady\",\"prompt\":\"a\",\"options\":{\"num_predict\":100}}"));
            awaitStats(emulator, s -> s.inFlight() == 1);
            try (Socket queued = rawPost(emulator, "/api/generate", "{\"model\":\"steady\",\"prompt\":\"b\"}")) {
                awaitStats(emulator, s -> s.waitingForSlot() == 1);
                assertThat(queued.getInputStream().available())
                        .as("no status line while queued")
                        .isZero();
            }
            awaitStats(emulator, s -> s.waitingForSlot() == 0);
            assertThat(steady(emulator).inFlight())
                    .as("the running request is untouched")
                    .isEqualTo(1);
            assertThat(running.get(20, TimeUnit.SECONDS)
                            .last()
                            .json()
                            .get("done")
                            .asBoolean())
                    .isTrue();
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(OllamaHttp.parse(response.body()).get("error").asText()).isEqualTo(message);
    }

    private static EngineStats.ModelStats steady(Emulator emulator) {
        return emulator.engine().stats().models().get("steady:latest");
    }

    private static void awaitStats(Emulator emulator, Predicate<EngineStats.ModelStats> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.test(steady(emulator))) {
            assertThat(System.nanoTime())
                    .as("stats condition within 5 s; last: " + steady(emulator))
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static Socket rawPost(Emulator emulator, String path, String json) throws IOException {
        return RawHttp.post(emulator.port(), path, json);
    }

    private static void readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (seen.indexOf(marker) < 0) {
            int n = in.read(buffer);
            assertThat(n).as("stream ended before " + marker + "; got: " + seen).isPositive();
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }
}
