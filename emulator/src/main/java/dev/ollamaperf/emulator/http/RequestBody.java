package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A JSON request body read the way Go's {@code encoding/json} reads it into an Ollama request
 * struct: unknown fields ignored, {@code null} treated as absent, and a value of the wrong type
 * refused with Go's message ({@code json: cannot unmarshal string into Go struct field
 * GenerateRequest.stream of type bool}).
 */
final class RequestBody {

    private final ObjectNode root;
    private final String goType;

    private RequestBody(ObjectNode root, String goType) {
        this.root = root;
        this.goType = goType;
    }

    /**
     * Parses a body.
     *
     * @param body   the raw bytes
     * @param goType the Go struct name used in error messages, e.g. "GenerateRequest"
     * @throws ApiException 400 {@code missing request body} when empty, Jackson's message when
     *                      malformed, Go's message when the top level is not an object
     */
    static RequestBody parse(byte[] body, String goType) {
        Objects.requireNonNull(goType, "goType");
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("missing request body");
        }
        JsonNode node;
        try {
            node = JsonSupport.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (node == null || node.isNull()) {
            return new RequestBody(JsonSupport.MAPPER.createObjectNode(), goType);
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(
                    "json: cannot unmarshal " + goKind(node) + " into Go value of type api." + goType);
        }
        return new RequestBody((ObjectNode) node, goType);
    }

    /** The field, or null when absent or JSON null. */
    JsonNode get(String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    boolean has(String field) {
        return get(field) != null;
    }

    String string(String field) {
        JsonNode node = get(field);
        if (node == null) {
            return "";
        }
        if (!node.isTextual()) {
            throw mismatch(field, node, "string");
        }
        return node.asText();
    }

    boolean bool(String field, boolean absent) {
        JsonNode node = get(field);
        if (node == null) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw mismatch(field, node, "bool");
        }
        return node.booleanValue();
    }

    int integer(String field, int absent) {
        JsonNode node = get(field);
        if (node == null) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw mismatch(field, node, "int");
        }
        return node.intValue();
    }

    /** The field as an object (absent = empty object). */
    ObjectNode object(String field, String goFieldType) {
        JsonNode node = get(field);
        if (node == null) {
            return JsonSupport.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw mismatch(field, node, goFieldType);
        }
        return (ObjectNode) node;
    }

    ApiException mismatch(String field, JsonNode node, String goFieldType) {
        return ApiException.badRequest("json: cannot unmarshal " + goKind(node) + " into Go struct field " + goType
                + "." + field + " of type " + goFieldType);
    }

    static String goKind(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        switch (type) {
            case STRING:
                return "string";
            case NUMBER:
                return "number";
            case BOOLEAN:
                return "bool";
            case ARRAY:
                return "array";
            default:
                return "object";
        }
    }
}
