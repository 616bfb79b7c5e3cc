package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.config.OllamaClientConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The passthrough against a {@link RecordingUpstream}, which sees every request that gets through (the emulator
 * records only the destructive calls it routes itself) and can pace a stream or cut it off.
 */
@Timeout(60)
final class GatewayPassthroughTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SSE_EVENT = "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":"
            + "[{\"text\":\"%s\",\"index\":0,\"finish_reason\":null}]}\n\n";

    private RecordingUpstream upstream;
    private OllamaClient client;
    private OllamaGateway gateway;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        upstream = RecordingUpstream.start();
        client = OllamaClient.builder(OllamaClientConfig.builder()
                        .endpoint(upstream.baseUri().toString())
                        .maxConcurrent(2)
                        .build())
                .responseCache(null)
                .build();
        gateway = OllamaGateway.start(GatewayConfig.ephemeral(), client, ResponseCache.disabled(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gateway.close();
        client.close();
        upstream.close();
    }

    @Test
    void completionsStreamed_eachEventReachesTheCallerBeforeTheUpstreamSendsTheNext() throws Exception {
        // The upstream holds every later event back until the caller has the first: a gateway that buffered the
        // answer would never deliver it, and the upstream would give up waiting.
        CountDownLatch firstSeen = new CountDownLatch(1);
        AtomicBoolean waitedInVain = new AtomicBoolean();
        upstream.answer(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            write(out, String.format(SSE_EVENT, "one"));
            waitedInVain.set(!await(firstSeen));
            write(out, String.format(SSE_EVENT, "two"));
            write(out, "data: [DONE]\n\n");
        });
        String request = "{\"model\":\"fast\",\"prompt\":\"Count\",\"stream\":true}";

        HttpResponse<Stream<String>> response = http.send(
                HttpRequest.newBuilder(uri("/v1/completions?trace=1"))
                        .POST(HttpRequest.BodyPublishers.ofString(request))
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer token-1")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        List<String> events = new ArrayList<>();
        for (Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                events.add(line);
                firstSeen.countDown();
            }
        }

        assertThat(waitedInVain)
                .as("the first event reached the caller while the upstream held the rest")
                .isFalse();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(events)
                .containsExactly(
                        String.format(SSE_EVENT, "one").strip(),
                        String.format(SSE_EVENT, "two").strip(),
                        "data: [DONE]");
        RecordingUpstream.Received received = single(upstream.received());
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.rawPath()).isEqualTo("/v1/completions");
        assertThat(received.rawQuery()).isEqualTo("trace=1");
        assertThat(received.body()).isEqualTo(request);
        assertThat(received.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(received.headers().getFirst("Accept")).isEqualTo("text/event-stream");
        assertThat(received.headers().getFirst("Authorization")).isEqualTo("Bearer token-1");
    }

    @Test
    void modelById_upstreamAnswers404_statusBodyAndHeadersPassThroughUnchanged() throws Exception {
        String body = "{\"error\":{\"message\":\"model \\\"nope:latest\\\" not found\",\"type\":\"api_error\"}}";
        upstream.answer(exchange -> {
            exchange.getResponseHeaders().set("X-Request-Id", "r-42");
            RecordingUpstream.respond(exchange, 404, "application/json; charset=utf-8", body);
        });

        HttpResponse<String> response = send("GET", "/v1/models/nope:latest?verbose=1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("X-Request-Id")).contains("r-42");
        RecordingUpstream.Received received = single(upstream.received());
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.rawPath()).isEqualTo("/v1/models/nope:latest");
        assertThat(received.rawQuery()).isEqualTo("verbose=1");
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /api/pull",
        "POST, /api/push",
        "POST, /api/create",
        "POST, /api/copy",
        "DELETE, /api/delete",
        "POST, /api/blobs/sha256:abc",
        "HEAD, /api/blobs/sha256:abc",
        "POST, /api/generate/../pull",
        "POST, /api/./copy",
        "DELETE, /api/%64elete",
        "DELETE, /api/%2564elete",
        "POST, /api/%2e%2e/api/push",
        "POST, /v1/..%2fapi/create",
        "POST, /v1/models/../../api/pull",
        "POST, /api/blobs%2fsha256:abc",
        "POST, /api/pull/"
    })
    void destructivePath_anySpelling_is403AndNeverReachesTheUpstream(String method, String path) throws Exception {
        HttpResponse<String> response = send(method, path);

        assertThat(response.statusCode()).isEqualTo(403);
        if (!method.equals("HEAD")) {
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("never forwards " + path);
        }
        assertThat(upstream.received()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/nothing",
                "/v1/models/library/llama3",
                "/api/me",
                "/api/signout",
                "/v1/images/generations",
                "/api/embeddingsx",
                "/v1/modelsx",
                "/api/pullx"
            })
    void unknownPath_is404AndNeverForwarded(String path) throws Exception {
        HttpResponse<String> response = send("POST", path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("404 page not found");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void passthroughEndpoint_wrongMethod_is405WithAllowAndNotForwarded() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/completions");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                .isEqualTo("method GET is not allowed here; use POST");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void ownEndpoints_wrongMethod_are405WithAllow() throws Exception {
        HttpResponse<String> chat = send("GET", "/api/chat");
        HttpResponse<String> tags = send("POST", "/api/tags");

        assertThat(chat.statusCode()).isEqualTo(405);
        assertThat(chat.headers().firstValue("Allow")).hasValue("POST");
        assertThat(tags.statusCode()).isEqualTo(405);
        assertThat(tags.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void upstreamCutsTheStreamOff_callerSeesABrokenStreamNotACleanEnd() {
        upstream.answer(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            write(exchange.getResponseBody(), "data: {\"type\":\"response.created\"}\n\n");
            throw new IOException("stands in for an Ollama that died mid-answer");
        });

        assertThatThrownBy(() -> http.send(
                        HttpRequest.newBuilder(uri("/v1/responses"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"fast\",\"input\":\"x\",\"stream\":true}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void modelRunningEndpoint_holdsAConcurrencyPermitWhileOnTheWire() throws Exception {
        assertThat(permitsHeldWhileTheUpstreamAnswers("POST", "/v1/embeddings")).isEqualTo(1);
        assertThat(eventuallyNoPermitHeld())
                .as("the permit is released after the answer")
                .isTrue();
    }

    @Test
    void listingEndpoint_holdsNoPermit() throws Exception {
        assertThat(permitsHeldWhileTheUpstreamAnswers("GET", "/v1/models")).isZero();
    }

    @Test
    void upstreamUnreachable_is502NamingTheServer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (OllamaClient down = OllamaClient.builder(OllamaClientConfig.builder()
                                .endpoint("http://127.0.0.1:" + closedPort)
                                .build())
                        .responseCache(null)
                        .build();
                OllamaGateway front = OllamaGateway.start(
                        GatewayConfig.ephemeral(), down, ResponseCache.disabled(), Clock.systemUTC())) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(front.baseUri() + "/v1/models"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                    .contains(":" + closedPort);
        }
    }

    /** Permits in use while the upstream holds back its answer to one request. */
    private int permitsHeldWhileTheUpstreamAnswers(String method, String path) throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer(exchange -> {
            arrived.countDown();
            await(release);
            RecordingUpstream.respond(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[]}");
        });
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(request(method, path), HttpResponse.BodyHandlers.ofString());
        assertThat(arrived.await(10, TimeUnit.SECONDS))
                .as(path + " reached the upstream")
                .isTrue();
        int held = client.limiter().inUse();
        release.countDown();
        assertThat(pending.get().statusCode()).isEqualTo(200);
        return held;
    }

    private boolean eventuallyNoPermitHeld() throws InterruptedException {
        // the permit is released just after the answer's last byte is written, so the caller may see it first
        for (int i = 0; i < 500 && client.limiter().inUse() > 0; i++) {
            Thread.sleep(10);
        }
        return client.limiter().inUse() == 0;
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(request(method, path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path) {
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("HEAD")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\"}");
        return HttpRequest.newBuilder(uri(path))
                .method(method, body)
                .header("Content-Type", "application/json")
                .build();
    }

    /** The path exactly as written: {@code URI.resolve} could normalize the dot segments under test away. */
    private URI uri(String path) {
        return URI.create(gateway.baseUri() + path);
    }

    private static RecordingUpstream.Received single(List<RecordingUpstream.Received> received) {
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** True when the latch opened within 10 s. */
    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
