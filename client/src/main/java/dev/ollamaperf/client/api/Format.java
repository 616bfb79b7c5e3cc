package dev.ollamaperf.client.api;

import java.util.Objects;

/**
 * The {@code format} request field, kept as the raw JSON value it is sent as: {@code "json"} (JSON mode) or a
 * JSON-schema object (docs/ollama-api.md §1.7).
 *
 * @param rawJson the JSON text of the value, e.g. {@code "\"json\""} or {@code {"type":"object"}}
 */
public record Format(String rawJson) {

    /** JSON mode. */
    public static final Format JSON = new Format("\"json\"");

    public Format {
        Objects.requireNonNull(rawJson, "rawJson");
        if (rawJson.isBlank()) {
            throw new IllegalArgumentException("'format' must be a JSON value, got: blank");
        }
    }

    /** Structured output constrained by a JSON schema, given as JSON text of an object. */
    public static Format schema(String schemaJson) {
        if (!schemaJson.strip().startsWith("{")) {
            throw new IllegalArgumentException("'format' schema must be a JSON object, got: " + schemaJson);
        }
        return new Format(schemaJson);
    }
}
