package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One tool call of a chat answer, as Ollama writes it in {@code message.tool_calls}:
 * {@code {"id":"call_…","function":{"index":0,"name":"…","arguments":{…}}}} with the arguments a JSON
 * object (docs/ollama-api.md §1.2).
 *
 * @param id        {@code call_} and eight lower-case letters or digits, as Ollama makes them
 * @param index     its place among the answer's calls
 * @param name      the tool's {@code function.name}
 * @param arguments an object conforming to the tool's {@code function.parameters}
 */
record ToolCall(String id, int index, String name, ObjectNode arguments) {

    ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** The call as the model writes it before Ollama's parser lifts it out: what its tokens spell. */
    String asModelText() {
        ObjectNode call = JsonSupport.MAPPER.createObjectNode();
        call.put("name", name);
        call.set("arguments", arguments);
        return call.toString();
    }
}
