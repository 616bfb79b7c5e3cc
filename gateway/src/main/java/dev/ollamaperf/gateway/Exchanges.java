package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ollamaperf.client.error.OllamaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading requests and writing whole responses, in Ollama's shapes. */
final class Exchanges {

    static final String JSON = "application/json; charset=utf-8";
    static final String NDJSON = "application/x-ndjson";
    static final String SSE = "text/event-stream";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Exchanges() {
    }

    /**
     * The request body, or null after answering: 413 when it is larger than {@code limit} bytes, 503 when the
     * gateway already holds as many bytes of bodies as the budget allows. The body's bytes are reserved in
     * {@code reservation}, which the caller releases when the request is answered.
     */
    static byte[] readBody(HttpExchange exchange, int limit, BodyBudget.Reservation reservation) throws IOException {
        long declared = declaredLength(exchange);
        if (declared > limit) {
            error(exchange, 413, "request body must be at most " + limit + " bytes, got: " + declared, false);
            return null;
        }
        long reserve = declared >= 0 ? declared : limit;
        if (!reservation.tryReserve(reserve)) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            error(exchange, 503, "gateway busy: request bodies in flight would exceed " + reservation.capacity()
                    + " bytes; retry", false);
            return null;
        }
        byte[] body = readBody(exchange, limit);
        if (body != null) {
            reservation.shrinkTo(body.length); // a chunked body keeps only what it turned out to be
        }
        return body;
    }

    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request body, or null after answering 413 when it is larger than {@code limit} bytes. */
    private static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = exchange.getRequestBody()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (body.size() + n > limit) {
                    error(exchange, 413, "request body must be at most " + limit + " bytes", false);
                    return null;
                }
                body.write(buffer, 0, n);
            }
        }
        return body.toByteArray();
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** {@code {"error":"..."}}, or the OpenAI shape {@code {"error":{"message":...,"type":...}}} for /v1. */
    static void error(HttpExchange exchange, int status, String message, boolean openAi) throws IOException {
        send(exchange, status, JSON, errorBody(status, message, openAi));
    }

    static byte[] errorBody(int status, String message, boolean openAi) {
        ObjectNode body = MAPPER.createObjectNode();
        if (openAi) {
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", status == 400 ? "invalid_request_error" : status == 404 ? "not_found_error" : "api_error");
            error.putNull("param");
            error.putNull("code");
        } else {
            body.put("error", message);
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("writing a small JSON object to memory failed", e);
        }
    }

    /** The status to answer a failed upstream call with: the server's own, else one for the failure's kind. */
    static int status(OllamaException e) {
        if (e.status() >= 400) {
            return e.status();
        }
        switch (e.kind()) {
            case BAD_REQUEST:
                return 400;
            case MODEL_NOT_FOUND:
                return 404;
            case RATE_LIMITED:
                return 429;
            case SERVER_BUSY:
            case LIMITER_TIMEOUT:
                return 503;
            case TIMEOUT:
                return 504;
            default:
                return 502;
        }
    }
}
