package dev.ollamaperf.client.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The package's one JSON mapper: configured once, never changed afterwards, so safe to share. */
public final class CacheJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private CacheJson() {}

    /** Parses {@code bytes} as a JSON object, naming {@code what} in the error. */
    public static ObjectNode object(byte[] bytes, String what) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    what + " must be valid JSON, got " + bytes.length + " bytes that do not parse: " + e.getMessage(),
                    e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(
                    what + " must be a JSON object, got: " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        return (ObjectNode) tree;
    }

    public static byte[] bytes(JsonNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
    }

    public static String text(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
    }
}
