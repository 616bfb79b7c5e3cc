package dev.ollamaperf.client.internal.cache;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * A JSON array of strings, read with a streaming parser (a list of the text pieces of an answer: no
     * databind, no tree).
     *
     * @throws IOException if {@code json} is not an array of strings
     */
    public static List<String> strings(String json) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new JsonParseException(parser, "a JSON array of strings must start with '['");
            }
            List<String> values = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    throw new JsonParseException(parser, "a JSON array of strings must hold strings, got: " + token);
                }
                values.add(parser.getText());
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "a JSON array of strings must end after its ']'");
            }
            return values;
        }
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
