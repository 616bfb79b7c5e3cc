package dev.ollamaperf.client.api;

import java.util.Objects;

/** Ollama's error body, {@code {"error":"<message>"}}, also sent as a line mid-stream. */
public record ErrorResponse(String error) {

    public ErrorResponse {
        Objects.requireNonNull(error, "error");
    }
}
