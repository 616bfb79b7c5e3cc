package dev.ollamaperf.client.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.client.error.BadRequestException;
import dev.ollamaperf.client.error.ConnectionFailedException;
import dev.ollamaperf.client.error.ModelNotFoundException;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.error.RequestTimeoutException;
import dev.ollamaperf.client.error.ServerBusyException;
import dev.ollamaperf.client.error.ServerErrorException;
import dev.ollamaperf.client.error.UnexpectedStatusException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Maps HTTP error responses and I/O failures onto the sealed {@link OllamaException} set (docs/ollama-api.md §2).
 * Stateless.
 */
final class ErrorMapper {

    private ErrorMapper() {}

    /**
     * The exception for a non-2xx response.
     *
     * @param body at most the first few KiB of the body (native {@code {"error":"..."}} or OpenAI
     *             {@code {"error":{"message":...}}} shape, or plain text)
     */
    static OllamaException forStatus(int status, byte[] body, ObjectMapper mapper) {
        String message = serverMessage(body, mapper);
        if (status == 404) {
            String model = ModelNotFoundException.modelIn(message);
            if (model != null) {
                return new ModelNotFoundException(model, message);
            }
            return new UnexpectedStatusException(status, message);
        }
        if (status == 400) {
            return new BadRequestException(message);
        }
        if (status == 503) {
            return new ServerBusyException(message);
        }
        if (status >= 500 && status <= 599) {
            return new ServerErrorException(status, message);
        }
        return new UnexpectedStatusException(status, message);
    }

    /** The {@code error} message of an Ollama error body, or the body as text. */
    static String serverMessage(byte[] body, ObjectMapper mapper) {
        try {
            JsonNode error = mapper.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.path("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall back to the text below
        }
        return new String(body, StandardCharsets.UTF_8).strip();
    }

    /**
     * The exception for an I/O failure before a response began: timeouts become {@link RequestTimeoutException},
     * everything else (refused, unknown host, reset) {@link ConnectionFailedException}.
     */
    static OllamaException forIo(IOException e, String endpoint, String timeoutsDescription) {
        if (isTimeout(e)) {
            return new RequestTimeoutException("a timeout (" + timeoutsDescription + ") calling " + endpoint, e);
        }
        return new ConnectionFailedException(endpoint, e);
    }

    /**
     * Did a timeout end the exchange? A connect or read timeout is a {@link SocketTimeoutException}; OkHttp's call
     * timeout is an {@code InterruptedIOException("timeout")} (and it also cancels the call, so {@code isCanceled()}
     * cannot tell it from a caller's cancel).
     */
    static boolean isTimeout(IOException e) {
        return e instanceof SocketTimeoutException
                || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
    }
}
