package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns Jackson's decoding errors into messages for the person who sent the JSON: the field, what it must be
 * and what it was, without Java class names or parser locations ({@code 'model' must be a string, got: a
 * number}), much as Ollama's own {@code json: cannot unmarshal number into ... of type string}.
 */
final class JsonErrors {

    private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");
    private static final Pattern COERCED =
            Pattern.compile("Cannot coerce (Integer|Floating-point|Boolean|String) value");

    private JsonErrors() {}

    /** A one-line description of {@code error}, naming the field where Jackson knows it. */
    static String describe(Throwable error) {
        if (error instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String got = given(mismatch.getOriginalMessage());
            return "'" + path(mismatch) + "' must be " + expected(mismatch.getTargetType())
                    + (got == null ? "" : ", got: " + got);
        }
        if (error instanceof JacksonException jackson) {
            return jackson.getOriginalMessage();
        }
        return String.valueOf(error.getMessage());
    }

    /** How a token reads in a message: {@code an object}, {@code a number}, ... */
    static String token(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * What the sender gave, from the wording of Jackson's message (the parser is closed by the time the
     * exception is seen): {@code (token `JsonToken.START_OBJECT`)} or {@code Cannot coerce Integer value}.
     */
    private static String given(String message) {
        Matcher token = TOKEN.matcher(message);
        if (token.find()) {
            return token(JsonToken.valueOf(token.group(1)));
        }
        Matcher coerced = COERCED.matcher(message);
        if (coerced.find()) {
            return switch (coerced.group(1)) {
                case "Integer", "Floating-point" -> "a number";
                case "Boolean" -> "true or false";
                default -> "a string";
            };
        }
        return null;
    }

    private static String path(JsonMappingException error) {
        String path = error.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "value" : path;
    }

    private static String expected(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }
}
