package dev.ollamaperf.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server standing in for Ollama where the emulator cannot: it records every request that reaches
 * it, whatever the path (the emulator counts only the destructive calls it routes), and answers as the test says,
 * including streams paced by the test and answers that break off.
 */
final class RecordingUpstream implements AutoCloseable {

    /** One request as it arrived. */
    record Received(String method, String rawPath, String rawQuery, Headers headers, String body) {}

    /** Writes the answer; throwing without closing the exchange makes the server drop the connection. */
    @FunctionalInterface
    interface Answer {
        void write(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = exchange -> respond(exchange, 200, "application/json; charset=utf-8", "{}");

    private RecordingUpstream(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static RecordingUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // threads, not the server's single dispatcher, so an answer the test holds back does not block the rest
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "recording-upstream");
            thread.setDaemon(true);
            return thread;
        });
        RecordingUpstream upstream = new RecordingUpstream(server, executor);
        server.createContext("/", upstream::handle);
        server.setExecutor(executor);
        server.start();
        return upstream;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Headers headers = new Headers();
        headers.putAll(exchange.getRequestHeaders());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                headers,
                body));
        answer.write(exchange);
        exchange.close();
    }

    /** How every following request is answered (default: 200 {@code {}}). */
    void answer(Answer answer) {
        this.answer = answer;
    }

    /** The requests that reached it, in arrival order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
