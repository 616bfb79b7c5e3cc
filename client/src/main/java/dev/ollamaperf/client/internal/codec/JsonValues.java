package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.Format;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.Think;
import dev.ollamaperf.client.api.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streaming read/write of the small shared values (keep_alive, think, format, messages, tool calls, lists).
 * Stateless; every reader expects the parser on the value's first token and leaves it on the value's last token.
 */
final class JsonValues {

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private JsonValues() {}

    // ---- scalars that may be null ------------------------------------------------------------------------------

    /**
     * A string or null. Anything else is an error, as in Ollama (Go's decoder answers 400): an object read here
     * as "no value" would leave the parser inside it, and the caller would then read the nested object's fields
     * as its own ({@code {"model":{"prompt":"x"}}} ran prompt "x").
     */
    /**
     * As {@link #string(JsonParser)}, but returns {@code known} itself when the value has the same characters, so
     * a value that repeats on every streamed chunk (the role, the model) is not made into a new string each time.
     */
    static String string(JsonParser p, String known) throws IOException {
        if (known != null && p.currentToken() == JsonToken.VALUE_STRING && p.getTextLength() == known.length()) {
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            int i = 0;
            while (i < known.length() && chars[offset + i] == known.charAt(i)) {
                i++;
            }
            if (i == known.length()) {
                return known;
            }
        }
        return string(p);
    }

    static String string(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw mismatch(p, p.currentName() == null ? "value" : p.currentName(), "a string");
        }
        return p.getText();
    }

    static Boolean bool(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getBooleanValue();
    }

    static Integer integer(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getIntValue();
    }

    static long longOrZero(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? 0L : p.getLongValue();
    }

    static Double decimal(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getDoubleValue();
    }

    static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    static void field(JsonGenerator g, String name, Boolean value) throws IOException {
        if (value != null) {
            g.writeBooleanField(name, value);
        }
    }

    static void field(JsonGenerator g, String name, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    static void field(JsonGenerator g, String name, Double value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    /** Writes a count or duration, leaving it out when 0 as Ollama's {@code omitempty} does. */
    static void nonZero(JsonGenerator g, String name, long value) throws IOException {
        if (value != 0) {
            g.writeNumberField(name, value);
        }
    }

    // ---- lists -------------------------------------------------------------------------------------------------

    static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return List.of(p.getText());
        }
        expect(p, JsonToken.START_ARRAY, "array of strings");
        String field = p.currentName();
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw mismatch(p, field == null ? "value" : field, "an array of strings");
            }
            out.add(p.getText());
        }
        return out;
    }

    static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    static List<Integer> ints(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY, "array of integers");
        List<Integer> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(p.getIntValue());
        }
        return out;
    }

    static void ints(JsonGenerator g, String name, List<Integer> values) throws IOException {
        if (values == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (Integer v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    static List<Map<String, Object>> objects(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY, "array of objects");
        List<Map<String, Object>> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(p.readValueAs(MAP));
        }
        return out;
    }

    static void objects(JsonGenerator g, String name, List<Map<String, Object>> values) throws IOException {
        if (values == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (Map<String, Object> v : values) {
            g.writeObject(v);
        }
        g.writeEndArray();
    }

    // ---- typed values ------------------------------------------------------------------------------------------

    static KeepAlive keepAlive(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return KeepAlive.ofSeconds(p.getDoubleValue());
            case VALUE_STRING:
                return KeepAlive.parse(p.getText());
            default:
                throw mismatch(p, "keep_alive", "a duration string or a number of seconds");
        }
    }

    static Think think(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Think.ON;
            case VALUE_FALSE:
                return Think.OFF;
            case VALUE_STRING:
                return Think.level(p.getText());
            default:
                throw mismatch(p, "think", "a boolean or a level string");
        }
    }

    static void think(JsonGenerator g, Think think) throws IOException {
        if (think == null) {
            return;
        }
        if (think.isBoolean()) {
            g.writeBooleanField("think", think.equals(Think.ON));
        } else {
            g.writeStringField("think", think.value());
        }
    }

    static Format format(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode value = p.readValueAsTree();
        if (value.isTextual() && value.asText().isEmpty()) {
            return null; // Go sends/accepts "" as "no format"
        }
        return new Format(value.toString()); // JsonNode.toString() is compact JSON
    }

    static void format(JsonGenerator g, Format format) throws IOException {
        if (format != null) {
            g.writeFieldName("format");
            g.writeRawValue(format.rawJson());
        }
    }

    static void keepAlive(JsonGenerator g, KeepAlive keepAlive) throws IOException {
        if (keepAlive != null) {
            g.writeStringField("keep_alive", keepAlive.toWire());
        }
    }

    static List<ToolCall> toolCalls(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY, "array of tool calls");
        List<ToolCall> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(toolCall(p));
        }
        return out;
    }

    private static ToolCall toolCall(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "tool call object");
        String id = null;
        ToolCall.Function function = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("id")) {
                id = string(p);
            } else if (name.equals("function")) {
                function = function(p);
            } else {
                p.skipChildren();
            }
        }
        if (function == null) {
            throw mismatch(p, "tool_calls[].function", "an object");
        }
        return new ToolCall(id, function);
    }

    private static ToolCall.Function function(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "function object");
        Integer index = null;
        String name = null;
        Map<String, Object> arguments = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "index":
                    index = integer(p);
                    break;
                case "name":
                    name = string(p);
                    break;
                case "arguments":
                    arguments = p.currentToken() == JsonToken.VALUE_NULL ? null : p.readValueAs(MAP);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new ToolCall.Function(index, name == null ? "" : name, arguments);
    }

    static void toolCalls(JsonGenerator g, List<ToolCall> calls) throws IOException {
        if (calls == null) {
            return;
        }
        g.writeArrayFieldStart("tool_calls");
        for (ToolCall call : calls) {
            g.writeStartObject();
            field(g, "id", call.id());
            g.writeObjectFieldStart("function");
            field(g, "index", call.function().index());
            g.writeStringField("name", call.function().name());
            g.writeFieldName("arguments");
            g.writeObject(call.function().arguments());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static ChatMessage message(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT, "message object");
        String role = "assistant";
        String content = null;
        String thinking = null;
        List<String> images = null;
        List<ToolCall> toolCalls = null;
        String toolName = null;
        String toolCallId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "role":
                    role = string(p, "assistant");
                    break;
                case "content":
                    content = string(p);
                    break;
                case "thinking":
                    thinking = string(p);
                    break;
                case "images":
                    images = strings(p);
                    break;
                case "tool_calls":
                    toolCalls = toolCalls(p);
                    break;
                case "tool_name":
                    toolName = string(p);
                    break;
                case "tool_call_id":
                    toolCallId = string(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new ChatMessage(
                role == null ? "assistant" : role, content, thinking, images, toolCalls, toolName, toolCallId);
    }

    static void message(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        g.writeStringField("content", m.content());
        field(g, "thinking", m.thinking());
        strings(g, "images", m.images());
        toolCalls(g, m.toolCalls());
        field(g, "tool_name", m.toolName());
        field(g, "tool_call_id", m.toolCallId());
        g.writeEndObject();
    }

    static List<ChatMessage> messages(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY, "array of messages");
        List<ChatMessage> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(message(p));
        }
        return out;
    }

    // ---- errors ------------------------------------------------------------------------------------------------

    static void expect(JsonParser p, JsonToken token, String what) throws IOException {
        if (p.currentToken() != token) {
            throw mismatch(p, p.currentName() == null ? "value" : p.currentName(), what);
        }
    }

    static IOException mismatch(JsonParser p, String field, String expected) {
        return new com.fasterxml.jackson.core.JsonParseException(
                p, "'" + field + "' must be " + expected + ", got: " + JsonErrors.token(p.currentToken()));
    }
}
