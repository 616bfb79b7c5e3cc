package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.engine.Engines;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import dev.ollamaperf.emulator.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Injected faults, as a client sees them over HTTP (docs/ollama-api.md §2, "Errors in streaming mode"). */
@Timeout(60)
final class EmulatorFaultsTest {

    private static final String BUSY = "server busy, please try again.  maximum pending requests exceeded";

    @Test
    void busy_everyRequest_is503WithOllamasExactMessageAsJson() {
        try (Emulator emulator = TestProfiles.start(
                TestProfiles.settings(1, FaultPlan.builder().busyEvery(1).build()))) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            HttpResponse<String> response = http.post("/api/generate", "{\"model\":\"fast\",\"prompt\":\"x\"}");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(response.body()).isEqualTo("{\"error\":\"" + BUSY + "\"}");

            HttpResponse<String> openAi = http.post(
                    "/v1/chat/completions",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(openAi.statusCode()).isEqualTo(503);
            assertThat(OllamaHttp.parse(openAi.body()).at("/error/type").asText())
                    .isEqualTo("api_error");
            assertThat(OllamaHttp.parse(openAi.body()).at("/error/message").asText())
                    .isEqualTo(BUSY);
            assertThat(emulator.engine().stats().injectedFaults()).isNotEmpty();
        }
    }

    @Test
    void error_everyRequest_is500BeforeAnyToken() {
        try (Emulator emulator = TestProfiles.start(
                TestProfiles.settings(1, FaultPlan.builder().errorRatio(1.0).build()))) {
            HttpResponse<String> response = new OllamaHttp(emulator.baseUri())
                    .post("/api/chat", "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"" + FaultPlan.INJECTED_ERROR_MESSAGE + "\"}");
        }
    }

    @Test
    void drop_afterThreeTokens_closesTheSocketWithoutAFinalLine() throws IOException {
        try (Emulator emulator = TestProfiles.start(
                TestProfiles.settings(1, FaultPlan.builder().drop(1.0, 3).build()))) {
            // A raw socket shows exactly what the server sent before closing, with no client-side
            // buffering or error handling in between.
            String wire = RawHttp.postAndReadToEnd(
                    emulator.port(),
                    "/api/generate",
                    "{\"model\":\"fast\",\"prompt\":\"x\",\"options\":{\"num_predict\":20}}");
            assertThat(wire).startsWith("HTTP/1.1 200 OK");
            assertThat(wire.split("\"done\":false", -1)).as("token lines").hasSize(3 + 1);
            assertThat(wire).doesNotContain("\"done\":true").doesNotContain("\"error\"");
            assertThat(wire).as("no terminating zero-length chunk").doesNotEndWith("0\r\n\r\n");
        }
    }

    @Test
    void drop_beforeAnyToken_closesTheSocketWithoutAStatusLine() throws IOException {
        try (Emulator emulator = TestProfiles.start(
                TestProfiles.settings(1, FaultPlan.builder().drop(1.0, 0).build()))) {
            assertThat(RawHttp.postAndReadToEnd(
                            emulator.port(), "/api/generate", "{\"model\":\"fast\",\"prompt\":\"x\"}"))
                    .isEmpty();
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            assertThatThrownBy(() -> http.stream("/api/generate", "{\"model\":\"fast\",\"prompt\":\"x\"}"))
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void engineFailsAfterFirstToken_statusStays200AndOneErrorLineEndsTheStream() throws Exception {
        InferenceEngine engine = Engines.create(TestProfiles.settings(1, FaultPlan.NONE));
        try (HttpServer server = HttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                1 << 20,
                engine,
                Engines.EMULATED_OLLAMA_VERSION,
                Clock.systemUTC())) {
            OllamaHttp http = new OllamaHttp(
                    URI.create("http://127.0.0.1:" + server.localAddress().getPort()));
            // Closing the engine mid-stream is the one real way to fail a generation after its first
            // token without dropping the connection: in-flight generations end with an error.
            OllamaHttp.Stream stream = http.stream(
                    "/api/generate",
                    "{\"model\":\"steady\",\"prompt\":\"x\",\"options\":{\"num_predict\":500}}",
                    line -> {
                        if (!line.json().has("error")) {
                            CompletableFuture.runAsync(engine::close);
                        }
                    });
            assertThat(stream.status()).isEqualTo(200);
            JsonNode last = stream.last().json();
            assertThat(last.has("error")).isTrue();
            assertThat(last.get("error").asText()).isNotEmpty();
            assertThat(stream.lines()).noneMatch(l -> l.json().path("done").asBoolean(false));
            assertThat(stream.failure()).isNull();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            engine.close();
        }
    }
}
