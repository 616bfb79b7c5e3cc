package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic values that conform to a JSON schema: what a model constrained by {@code format} (a schema)
 * or by a tool's {@code parameters} produces (docs/ollama-api.md §1.2, §1.7). It covers the keywords such
 * schemas use: {@code type} (one or a list, the first non-null one taken), {@code properties} and
 * {@code required}, {@code items}, {@code minItems}/{@code maxItems}, {@code enum}, {@code const},
 * {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength}, and {@code anyOf}/{@code oneOf}
 * (the first alternative). A schema with none of them (or a {@code $ref}, which it does not follow) gets
 * an empty object.
 */
final class SchemaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> WORDS =
            List.of("alpha", "blue", "cache", "delta", "eval", "fast", "model", "oslo", "prompt", "token");
    private static final int MAX_DEPTH = 16;

    private final SplittableRandom random;
    private final boolean optionalProperties;

    /**
     * @param seed               the request's seed (the same request gets the same values)
     * @param optionalProperties also fill the properties that are not {@code required} (structured output
     *                           does; a tool call's arguments carry the required ones only)
     */
    SchemaValues(long seed, boolean optionalProperties) {
        this.random = new SplittableRandom(seed);
        this.optionalProperties = optionalProperties;
    }

    /** A value conforming to {@code schema}. */
    JsonNode valueFor(JsonNode schema) {
        return value(schema, 0);
    }

    /** What {@code format: "json"} produces: a small object. */
    ObjectNode anyObject() {
        ObjectNode object = NODES.objectNode();
        object.put("answer", word() + " " + word());
        object.put("confidence", random.nextInt(101));
        return object;
    }

    private JsonNode value(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NODES.objectNode();
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode choices = schema.get("enum");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            return choices.get(random.nextInt(choices.size()));
        }
        for (String alternatives : List.of("anyOf", "oneOf")) {
            JsonNode options = schema.get(alternatives);
            if (options != null && options.isArray() && !options.isEmpty()) {
                return value(options.get(0), depth + 1);
            }
        }
        switch (type(schema)) {
            case "string":
                return NODES.textNode(string(schema));
            case "integer":
                return NODES.numberNode(Math.round(number(schema, true)));
            case "number":
                return NODES.numberNode(Math.round(number(schema, false) * 100) / 100.0);
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            case "null":
                return NODES.nullNode();
            case "array":
                return array(schema, depth);
            default:
                return object(schema, depth);
        }
    }

    /** The schema's type; without one, an object when it has properties, else an object too. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.textValue();
        }
        if (type != null && type.isArray()) {
            for (JsonNode each : type) {
                if (each.isTextual() && !"null".equals(each.textValue())) {
                    return each.textValue();
                }
            }
            return "null";
        }
        return schema.has("items") ? "array" : "object";
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        JsonNode required = schema.path("required");
        properties.fields().forEachRemaining(property -> {
            boolean isRequired = false;
            for (JsonNode name : required) {
                isRequired |= property.getKey().equals(name.asText());
            }
            if (isRequired || optionalProperties) {
                object.set(property.getKey(), value(property.getValue(), depth + 1));
            }
        });
        return object;
    }

    private ArrayNode array(JsonNode schema, int depth) {
        int min = Math.max(0, schema.path("minItems").asInt(1));
        int max = Math.max(min, schema.path("maxItems").asInt(Math.max(min, 3)));
        int count = min + random.nextInt(Math.min(max, min + 2) - min + 1);
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            array.add(value(schema.get("items"), depth + 1));
        }
        return array;
    }

    private String string(JsonNode schema) {
        int min = Math.max(0, schema.path("minLength").asInt(0));
        int max =
                schema.has("maxLength") ? Math.max(min, schema.path("maxLength").asInt()) : Integer.MAX_VALUE;
        StringBuilder text = new StringBuilder(word());
        while (text.length() < min) {
            text.append(' ').append(word());
        }
        return text.length() > max ? text.substring(0, max) : text.toString();
    }

    private double number(JsonNode schema, boolean integer) {
        double min = schema.path("minimum").asDouble(0);
        double max = schema.path("maximum").asDouble(Math.max(min, 0) + 100);
        if (schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()) {
            min = schema.get("exclusiveMinimum").asDouble() + (integer ? 1 : 0.01);
        }
        if (schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber()) {
            max = schema.get("exclusiveMaximum").asDouble() - (integer ? 1 : 0.01);
        }
        if (integer) {
            min = Math.ceil(min);
            max = Math.floor(max);
        }
        return max <= min ? min : min + random.nextDouble() * (max - min);
    }

    private String word() {
        return WORDS.get(random.nextInt(WORDS.size()));
    }
}
