package dev.ollamaperf.benchmarks.call;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ollamaperf.benchmarks.fixtures.CannedStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process loopback server that answers every {@code POST /api/chat} at once with the same
 * canned NDJSON stream of N tokens, written in one go: the cheapest possible Ollama, so that a
 * per-call benchmark measures the client, not the server. Every client under test talks to the
 * same instance. Not an emulator: no scheduling, no timing.
 */
public final class CannedOllama implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] stream;

    private CannedOllama(HttpServer server, ExecutorService executor, byte[] stream) {
        this.server = server;
        this.executor = executor;
        this.stream = stream;
    }

    /** Starts on 127.0.0.1 and a free port, answering with {@code tokens} content chunks. */
    public static CannedOllama start(int tokens) throws IOException {
        // Small writes must not wait for delayed ACKs: Nagle plus delayed ACK adds ~40 ms per streamed chunk
        // (the gateway sets TCP_NODELAY for the same reason).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "canned-ollama");
            thread.setDaemon(true);
            return thread;
        });
        CannedOllama canned =
                new CannedOllama(server, executor, CannedStreams.chatNdjson("llama3.2:latest", tokens, 21L));
        server.createContext("/", canned::answer);
        server.setExecutor(executor);
        server.start();
        return canned;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        if (!exchange.getRequestURI().getPath().equals("/api/chat")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, stream.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(stream);
        }
    }

    /** {@code http://127.0.0.1:port}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
