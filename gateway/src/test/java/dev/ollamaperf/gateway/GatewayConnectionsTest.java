package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow and broken callers against a real gateway on a loopback port (issue 17): connections that trickle their
 * headers or body, a malformed chunked body, and more connections than the bound. Each reads with a socket timeout
 * well above the gateway's, so "no answer" fails the test instead of hanging it.
 */
@Timeout(60)
final class GatewayConnectionsTest {

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

    private Emulator emulator;
    private OllamaClient client;
    private OllamaGateway gateway;
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startEmulator() throws IOException {
        emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(FAST)))
                .build()));
        client = OllamaClient.builder(OllamaClientConfig.builder()
                        .endpoint(emulator.baseUri().toString())
                        .build())
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        client.close();
        emulator.close();
    }

    private void start(GatewayConfig config) throws IOException {
        gateway = OllamaGateway.start(config, client, ResponseCache.disabled(), Clock.systemUTC());
    }

    @Test
    void slowHeaderConnections_moreThanTheThreads_doNotStopTheHealthEndpoints() throws Exception {
        start(new GatewayConfig("127.0.0.1", 0, 4, GatewayConfig.DEFAULT_MAX_BODY_BYTES).withMaxConnections(64));
        for (int i = 0; i < 16; i++) {
            send(connect(), "GET /api/version HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n"); // headers never end
        }

        for (String path : List.of("/api/version", "/", "/metrics")) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> model = http.send(
                HttpRequest.newBuilder(gateway.baseUri().resolve("/api/generate"))
                        .timeout(Duration.ofSeconds(10))
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"fast\",\"prompt\":\"x\",\"stream\":false,\"options\":{\"num_predict\":2}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(model.statusCode())
                .as("a model call too: no worker is held by a slow header")
                .isEqualTo(200);
    }

    @Test
    void tricklingHeaders_areCutOffAfterTheHeaderTimeout() throws Exception {
        start(GatewayConfig.ephemeral()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30)));
        Socket socket = connect();
        send(socket, "GET /api/version HTTP/1.1\r\nHost: x\r\n");
        long start = System.nanoTime();
        String answer = trickleUntilClosed(socket, "X-Slow: 1\r\n", Duration.ofSeconds(8));
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void tricklingBody_isCutOffAfterTheBodyTimeout() throws Exception {
        start(GatewayConfig.ephemeral()
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30)));
        Socket socket = connect();
        send(
                socket,
                "POST /api/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{");
        long start = System.nanoTime();
        String answer = trickleUntilClosed(socket, " ", Duration.ofSeconds(8));
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void idleConnection_isClosedAfterTheIdleTimeout() throws Exception {
        start(GatewayConfig.ephemeral()
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1)));
        Socket socket = connect();
        socket.setSoTimeout(8000);
        assertThat(socket.getInputStream().read())
                .as("closed without an answer")
                .isEqualTo(-1);
    }

    @Test
    void malformedChunkSize_gets400Promptly() throws Exception {
        start(GatewayConfig.ephemeral());
        Socket socket = connect();
        send(
                socket,
                "POST /api/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"model\":\"x\"}\r\n0\r\n\r\n");
        socket.setSoTimeout(5000);
        String answer = readAll(socket.getInputStream());
        assertThat(answer).startsWith("HTTP/1.1 400");
    }

    @Test
    void connectionsBeyondTheBound_areRefusedAtOnce_andTheHealthEndpointAnswersOnceOneCloses() throws Exception {
        start(GatewayConfig.ephemeral().withMaxConnections(3));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = connect();
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n");
            slow.add(socket);
        }
        awaitConnectionsOpen(3); // connect() returns once the kernel accepted; the gateway counts a moment later

        Socket extra = connect();
        extra.setSoTimeout(5000);
        String answer;
        try {
            answer = readAll(extra.getInputStream());
        } catch (SocketException reset) {
            answer = "reset";
        }
        assertThat(answer)
                .as("refused, not left waiting")
                .satisfiesAnyOf(
                        a -> assertThat(a).startsWith("HTTP/1.1 503"),
                        a -> assertThat(a).isIn("", "reset"));

        slow.get(0).close();
        // The gateway sees the close a moment later; until then a new connection is still beyond the bound.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            try {
                status = http.send(
                                HttpRequest.newBuilder(gateway.baseUri().resolve("/api/version"))
                                        .timeout(Duration.ofSeconds(5))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            } catch (IOException refused) {
                status = -1;
            }
        }
        assertThat(status).isEqualTo(200);
    }

    /**
     * Closing the gateway ends its idle keep-alive connections, so a caller that reuses one fails at once instead of
     * waiting for its read timeout. Shutting the event loops down alone left one open now and then, hence the repeats.
     */
    @Test
    void close_endsIdleKeepAliveConnections() throws Exception {
        for (int i = 0; i < 40; i++) {
            start(GatewayConfig.ephemeral());
            Socket socket = connect();
            socket.setSoTimeout(5_000);
            send(socket, "GET /api/version HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.getInputStream().read()).as("the answer began").isEqualTo('H');
            gateway.close();
            // the rest of the answer, then the end of the connection; one left open fails with a read timeout
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .as("close %d", i)
                    .startsWith("TTP/1.1 200");
        }
    }

    private void awaitConnectionsOpen(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (gateway.connectionsOpen() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(gateway.connectionsOpen()).isEqualTo(n);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Sends {@code piece} every 200 ms, reading between sends, until the gateway closes the connection; what it
     * answered. Fails when it is still open after {@code limit}.
     */
    private static String trickleUntilClosed(Socket socket, String piece, Duration limit) throws IOException {
        socket.setSoTimeout(200);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                send(socket, piece);
            } catch (IOException closed) {
                return drain(in, answer, buffer);
            }
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(buffer, 0, n);
            } catch (SocketTimeoutException stillOpen) {
                // nothing yet: trickle on
            } catch (SocketException reset) {
                return answer.toString(StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(
                "still open after " + limit + "; answered so far: " + answer.toString(StandardCharsets.UTF_8));
    }

    private static String drain(InputStream in, ByteArrayOutputStream answer, byte[] buffer) {
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                answer.write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // what arrived before the reset is the answer
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            answer.write(buffer, 0, n); // to the close: every answer read this way closes the connection
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
