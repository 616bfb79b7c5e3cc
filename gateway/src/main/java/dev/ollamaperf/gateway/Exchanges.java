package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ollamaperf.client.error.OllamaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading requests and writing whole responses, in Ollama's shapes. */
final class Exchanges {

    static final String JSON = "application/json; charset=utf-8";
    static final String NDJSON = "application/x-ndjson";
    static final String SSE = "text/event-stream";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Exchanges() {}

    /**
     * The request body, read whole by {@link GatewayConnectionHandler} before the request reached a thread (bounded there
     * by {@code maxBodyBytes} and the body budget).
     */
    static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
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
            error.put(
                    "type", status == 400 ? "invalid_request_error" : status == 404 ? "not_found_error" : "api_error");
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
