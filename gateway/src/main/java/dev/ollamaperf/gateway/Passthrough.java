package dev.ollamaperf.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.internal.transport.PathNormalizer;
import dev.ollamaperf.client.limit.ConcurrencyLimiter;
import dev.ollamaperf.client.transport.ForwardRequest;
import dev.ollamaperf.client.transport.StreamingResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Passes one request for a {@link PassthroughRoutes} endpoint to the client's Ollama unchanged, over the client's
 * own connections ({@link OllamaClient#forward}): method, path, query, body and the headers in
 * {@link #REQUEST_HEADERS} go up; status, headers and body come back, the body written and flushed read by read,
 * so a stream reaches the caller as it arrives. Nothing is decoded, cached, retried or moved to a fallback model;
 * a model-running endpoint holds one of the client's concurrency permits while it is on the wire, so the limit
 * bounds what reaches Ollama through these endpoints too.
 */
final class Passthrough {

    /**
     * What Ollama reads: the body's type, the answer's form, and credentials for a proxy in front of it (when the
     * gateway has a token of its own, {@link GatewayConnectionHandler} removes the header first: it is not Ollama's).
     */
    private static final List<String> REQUEST_HEADERS = List.of("Content-Type", "Accept", "Authorization");
    /** Hop-by-hop and framing headers, and Date: the gateway's own server writes these for its answer. */
    private static final Set<String> NOT_COPIED = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "content-length",
            "date");

    private final OllamaClient client;

    Passthrough(OllamaClient client) {
        this.client = client;
    }

    /**
     * Forwards the exchange's request to {@code path} (normalized; it is what is sent, so what was checked is
     * what Ollama gets) and writes the answer through.
     *
     * @throws UpstreamCutOff when the upstream answer broke off after part of it was written
     */
    void forward(HttpExchange exchange, String path, PassthroughRoutes.Route route) throws IOException {
        byte[] body = Exchanges.readBody(exchange);
        String query = exchange.getRequestURI().getRawQuery();
        ForwardRequest request = new ForwardRequest(
                exchange.getRequestMethod(),
                PathNormalizer.encode(path),
                query == null ? "" : query,
                headers(exchange.getRequestHeaders()),
                body);
        ConcurrencyLimiter.Permit permit = route.runsModel() ? client.limiter().acquire() : null;
        try (StreamingResponse response = client.forward(request)) {
            writeThrough(exchange, response, path);
        } finally {
            if (permit != null) {
                permit.close();
            }
        }
    }

    private static Map<String, String> headers(Headers request) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String name : REQUEST_HEADERS) {
            List<String> values = request.get(name);
            if (values != null && !values.isEmpty()) {
                forwarded.put(name, String.join(", ", values));
            }
        }
        return forwarded;
    }

    /**
     * The status and headers go out with the first bytes of the body, as Ollama's do, so an upstream that fails
     * before any byte can still be answered with an error status.
     */
    private static void writeThrough(HttpExchange exchange, StreamingResponse response, String path)
            throws IOException {
        InputStream in = response.body();
        byte[] buffer = new byte[8192];
        int n;
        try {
            n = in.read(buffer);
        } catch (IOException e) {
            int status = e instanceof SocketTimeoutException ? 504 : 502;
            Exchanges.error(
                    exchange,
                    status,
                    "the upstream answer to " + path + " broke off before its body: " + e,
                    path.startsWith("/v1/"));
            return;
        }
        copyHeaders(response, exchange.getResponseHeaders());
        int status = response.status();
        boolean empty = n < 0 || exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
        long length = response.contentLength();
        // -1: no body; 0: chunked, for a stream or an unknown length; else exactly the upstream's length
        exchange.sendResponseHeaders(status, empty ? -1 : length > 0 ? length : 0);
        if (empty) {
            return;
        }
        OutputStream out = exchange.getResponseBody();
        while (n >= 0) {
            try {
                out.write(buffer, 0, n);
                out.flush();
            } catch (IOException callerGone) {
                return; // closing the response then drops the upstream connection, so Ollama stops generating
            }
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new UpstreamCutOff(path, e);
            }
        }
        out.close();
    }

    private static void copyHeaders(StreamingResponse response, Headers headers) {
        response.headers().forEach((name, values) -> {
            if (!NOT_COPIED.contains(name)) {
                headers.put(name, new ArrayList<>(values));
            }
        });
    }
}
