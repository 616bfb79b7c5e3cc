package dev.ollamaperf.mutations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.io.IOException;

/**
 * The advice's calls that use Jackson, apart from {@link Effects} so that only mutations that need Jackson load it
 * (it comes from the integration's class path, never from the agent jar).
 */
public final class JsonEffects {

    private static final byte[] SSE_PREFIX = {'d', 'a', 't', 'a', ':', ' '};

    private JsonEffects() {}

    /**
     * Parses a chunk about to be streamed into a tree with the gateway's own mapper, and drops the tree: the bug of
     * a relay that inspects every chunk as a {@link JsonNode} instead of passing its bytes on. NDJSON lines parse
     * whole; an SSE event ({@code data: {...}}) from its JSON on; {@code [DONE]} does not parse and is skipped.
     */
    public static void parseTree(byte[] chunk) {
        ObjectMapper mapper = OllamaCodecs.shared().mapper();
        int from = startsWith(chunk, SSE_PREFIX) ? SSE_PREFIX.length : 0;
        try {
            Effects.publish(mapper.readTree(chunk, from, chunk.length - from));
        } catch (IOException notJson) {
            // [DONE] or a torn chunk: the relay would still send it
        }
    }

    /**
     * A copy of {@code request} with the time of the call in it: the bug of a request decorated per call (a time
     * stamp, a request id) before its cache key is computed, so that no two keys are equal.
     */
    public static JsonNode stamped(JsonNode request) {
        if (!request.isObject()) {
            return request;
        }
        ObjectNode copy = ((ObjectNode) request).deepCopy();
        copy.put("received_at_nanos", System.nanoTime());
        return copy;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
