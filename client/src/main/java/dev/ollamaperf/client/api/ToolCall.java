package dev.ollamaperf.client.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tool call in a chat message: {@code {"id"?, "function":{"index":0,"name":..,"arguments":{..}}}}. In Ollama's
 * native API {@code arguments} is a JSON object (not a string as in OpenAI's format).
 *
 * @param id       optional call id, {@code null} when absent
 * @param function the function called
 */
public record ToolCall(String id, Function function) {

    public ToolCall {
        Objects.requireNonNull(function, "function");
    }

    /**
     * The function part of a tool call.
     *
     * @param index     position among the calls, {@code null} when absent
     * @param name      function name
     * @param arguments arguments as a JSON object (String, Number, Boolean, List, Map values)
     */
    public record Function(Integer index, String name, Map<String, Object> arguments) {
        public Function {
            Objects.requireNonNull(name, "name");
            arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        }
    }
}
