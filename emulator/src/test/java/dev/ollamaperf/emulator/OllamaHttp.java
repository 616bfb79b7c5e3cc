package dev.ollamaperf.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small JDK-HttpClient client for the tests: plain calls, and timed streams that stamp the
 * arrival of the headers and of every line with {@link System#nanoTime()}.
 */
final class OllamaHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    OllamaHttp(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    HttpResponse<String> head(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build());
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One line of a stream and when it arrived. */
    record Line(String text, long arrivedNanos) {
        JsonNode json() {
            return parse(text);
        }
    }

    /**
     * A finished (or broken) stream.
     *
     * @param status        HTTP status
     * @param contentType   Content-Type header
     * @param sentNanos     just before the request was sent
     * @param headersNanos  when the status line and headers arrived
     * @param lines         the non-empty lines, in order
     * @param failure       the I/O error that ended the body early, or null
     */
    record Stream(
            int status, String contentType, long sentNanos, long headersNanos, List<Line> lines, IOException failure) {
        Line last() {
            return lines.get(lines.size() - 1);
        }
    }

    /** Posts and reads the body line by line as it arrives (blocks until the body ends). */
    Stream stream(String path, String body) {
        return stream(path, body, line -> {});
    }

    /** As {@link #stream(String, String)}, telling {@code onLine} about each line as it arrives. */
    Stream stream(String path, String body, java.util.function.Consumer<Line> onLine) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long headers = System.nanoTime();
        List<Line> lines = new ArrayList<>();
        IOException failure = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    Line received = new Line(line, System.nanoTime());
                    lines.add(received);
                    onLine.accept(received);
                }
            }
        } catch (IOException e) {
            failure = e;
        }
        return new Stream(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                sent,
                headers,
                List.copyOf(lines),
                failure);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
