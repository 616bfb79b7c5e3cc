package dev.ollamaperf.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.CallControl;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.error.BadRequestException;
import dev.ollamaperf.client.error.ModelNotFoundException;
import dev.ollamaperf.client.error.RequestTimeoutException;
import dev.ollamaperf.client.error.ServerBusyException;
import dev.ollamaperf.client.error.ServerErrorException;
import dev.ollamaperf.client.error.UnexpectedStatusException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.stream.NdjsonDecoder;
import dev.ollamaperf.client.transport.ForwardRequest;
import dev.ollamaperf.client.transport.StreamingResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class OllamaTransportTest {

    private final OllamaCodecs codecs = OllamaCodecs.shared();

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/api/pull", "/api/push", "/api/create", "/api/copy", "/api/delete", "/api/blobs/sha256:abc"})
    void anyCall_destructivePath_isRefusedBeforeSending(String path) {
        try (OllamaTransport t = new OllamaTransport(
                OllamaClientConfig.builder().endpoint("http://127.0.0.1:1").build(), codecs)) {
            assertThatThrownBy(() -> t.get(path, codecs.version()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("destructive");
            assertThatThrownBy(() -> t.postStreaming(path, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * Spellings that OkHttp (dot segments, {@code %2e}, backslash) or the server (percent-decoding) turn into a
     * destructive path, so a check on the text as written would let them through.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/generate/../pull",
                "/api/./copy",
                "/api/%64elete",
                "/api/%2e%2e/api/push",
                "/v1/..%2fapi/create",
                "/api\\pull",
                "/api/%2564elete",
                "/api/blobs%2fsha256:abc",
                "/api/pull/",
                "/api/pull?insecure=true",
                "/api/x/.%2E/pull"
            })
    void anyCall_destructivePathSpelledOtherwise_isRefusedBeforeSending(String path) {
        try (OllamaTransport t = new OllamaTransport(
                OllamaClientConfig.builder().endpoint("http://127.0.0.1:1").build(), codecs)) {
            assertThatThrownBy(() -> t.get(path, codecs.version()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("destructive")
                    .hasMessageContaining(path);
            assertThatThrownBy(() -> t.postStreaming(path, new byte[0])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.forward(new ForwardRequest("POST", path, "", Map.of(), new byte[0])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("destructive");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void forward_errorStatus_isReturnedWithItsBodyNotThrown() throws Exception {
        com.sun.net.httpserver.HttpServer server = serve(404, "{\"error\":\"model 'x' not found\"}");
        try (OllamaTransport t = transportFor(server);
                StreamingResponse response =
                        t.forward(new ForwardRequest("GET", "/v1/models/x", "", Map.of(), new byte[0]))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"error\":\"model 'x' not found\"}");
        } finally {
            server.stop(0);
        }
    }

    /** A loopback server answering every request with {@code status} and {@code body}. */
    private static com.sun.net.httpserver.HttpServer serve(int status, String body) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private OllamaTransport transportFor(com.sun.net.httpserver.HttpServer server) {
        return new OllamaTransport(
                OllamaClientConfig.builder()
                        .endpoint("http://127.0.0.1:" + server.getAddress().getPort())
                        .build(),
                codecs);
    }

    /**
     * OkHttp cancels a call whose call timeout fires, so {@code isCanceled()} alone would report it as a cancellation
     * (a health check then threw instead of answering "not live"); it is a timeout, which falls back to the next model.
     */
    @Test
    @org.junit.jupiter.api.Timeout(20)
    void anyCall_callTimeoutFires_throwsRequestTimeoutNotCancellation() throws Exception {
        try (java.net.ServerSocket silent =
                        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                OllamaTransport t = new OllamaTransport(
                        OllamaClientConfig.builder()
                                .endpoint("http://127.0.0.1:" + silent.getLocalPort())
                                .readTimeout(java.time.Duration.ofSeconds(30))
                                .callTimeout(java.time.Duration.ofMillis(300))
                                .build(),
                        codecs)) {
            // the kernel completes each handshake into the backlog; nobody reads the requests, so no answer comes
            assertThatThrownBy(() -> t.get("/api/version", codecs.version()))
                    .isInstanceOf(RequestTimeoutException.class);
            assertThatThrownBy(() -> t.forward(new ForwardRequest("GET", "/api/tags", "", Map.of(), new byte[0])))
                    .isInstanceOf(RequestTimeoutException.class);
            assertThatThrownBy(() -> t.stream(
                            "/api/chat",
                            body("{}"),
                            NdjsonDecoder.chat(codecs, (chunk, at) -> {}, System::nanoTime, System.nanoTime()),
                            new CallControl()))
                    .isInstanceOf(RequestTimeoutException.class);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void get_200WithErrorObject_throwsStreamErrorWithServerMessage() throws Exception {
        com.sun.net.httpserver.HttpServer server = serve(200, "{\"error\":\"boom\"}");
        try (OllamaTransport t = transportFor(server)) {
            assertThatThrownBy(() -> t.post(
                            "/api/generate",
                            codecs.generateRequest(),
                            dev.ollamaperf.client.api.GenerateRequest.builder("m")
                                    .build(),
                            codecs.generateResponse()))
                    .isInstanceOfSatisfying(
                            dev.ollamaperf.client.error.StreamErrorException.class,
                            e -> assertThat(e.serverMessage()).isEqualTo("boom"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void get_realServer503_throwsServerBusy() throws Exception {
        com.sun.net.httpserver.HttpServer server =
                serve(503, "{\"error\":\"server busy, please try again.  " + "maximum pending requests exceeded\"}");
        try (OllamaTransport t = transportFor(server)) {
            assertThatThrownBy(() -> t.get("/api/tags", codecs.tags())).isInstanceOf(ServerBusyException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void forStatus_ollamaErrorBodies_mapToTypedExceptions() {
        assertThat(ErrorMapper.forStatus(404, body("{\"error\":\"model 'llama9' not found\"}"), codecs.mapper()))
                .isInstanceOfSatisfying(
                        ModelNotFoundException.class, e -> assertThat(e.model()).isEqualTo("llama9"));
        assertThat(ErrorMapper.forStatus(
                        404, body("{\"error\":\"model \\\"x\\\" not found, try pulling it first\"}"), codecs.mapper()))
                .isInstanceOf(ModelNotFoundException.class);
        assertThat(ErrorMapper.forStatus(
                        503,
                        body("{\"error\":\"server busy, please try again.  maximum pending " + "requests exceeded\"}"),
                        codecs.mapper()))
                .isInstanceOf(ServerBusyException.class)
                .hasMessageContaining("maximum pending requests exceeded");
        assertThat(ErrorMapper.forStatus(400, body("{\"error\":\"model is required\"}"), codecs.mapper()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("model is required");
        assertThat(ErrorMapper.forStatus(
                        500, body("{\"error\":\"llama runner process has terminated\"}"), codecs.mapper()))
                .isInstanceOf(ServerErrorException.class);
        assertThat(ErrorMapper.forStatus(404, body("404 page not found"), codecs.mapper()))
                .isInstanceOf(UnexpectedStatusException.class)
                .hasMessageContaining("404 page not found");
        assertThat(ErrorMapper.forStatus(
                        404,
                        body("{\"error\":{\"message\":\"model 'x' not found\",\"type\":" + "\"not_found_error\"}}"),
                        codecs.mapper()))
                .isInstanceOf(ModelNotFoundException.class);
    }
}
