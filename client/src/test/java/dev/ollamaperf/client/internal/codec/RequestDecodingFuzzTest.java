package dev.ollamaperf.client.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request bodies with a value of the wrong shape in any field, against every request decoder: the decoder
 * either rejects the body ({@link JsonCodecException}, which the gateway answers with 400 as Ollama does) or
 * decodes it without taking anything from inside the wrong value. The shape that broke this: an object where
 * a string belongs was read as "no value" and its fields as the outer request's, so
 * {@code {"model":{"model":"tiny","prompt":"nested"},"prompt":"B"}} ran prompt "nested" on model "tiny".
 */
final class RequestDecodingFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OllamaCodecs CODECS = new OllamaCodecs();

    /** What a smuggled request looks like: a whole request of its own, with markers no valid field holds. */
    private static final String SMUGGLED = "{\"model\":\"tiny\",\"prompt\":\"nested\",\"input\":\"nested\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"nested\"}],\"options\":{\"num_ctx\":7}}";

    private static final List<String> WRONG_SHAPES =
            List.of(SMUGGLED, "[" + SMUGGLED + "]", "[[\"nested\"]]", "42", "4.5", "true", "\"text\"", "{}", "[]");

    static Stream<Arguments> requests() {
        return Stream.of(
                request(
                        "generate",
                        "{\"model\":\"llama3.2\",\"prompt\":\"B\",\"system\":\"s\",\"stream\":false,"
                                + "\"keep_alive\":\"5m\",\"images\":[\"aGk=\"],\"options\":{\"temperature\":0.2,\"num_ctx\":4096,"
                                + "\"stop\":[\"x\"]},\"think\":false,\"format\":\"json\",\"raw\":false}",
                        b -> CODECS.generateRequest().decode(b)),
                request(
                        "chat",
                        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"B\"}],"
                                + "\"stream\":true,\"keep_alive\":60,\"options\":{\"seed\":1},\"think\":\"low\"}",
                        b -> CODECS.chatRequest().decode(b)),
                request(
                        "embed",
                        "{\"model\":\"llama3.2\",\"input\":[\"B\"],\"truncate\":true,\"dimensions\":8}",
                        b -> CODECS.embedRequest().decode(b)),
                request(
                        "show",
                        "{\"model\":\"llama3.2\",\"verbose\":false}",
                        b -> CODECS.showRequest().decode(b)),
                request(
                        "chat completion",
                        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"B\"}],"
                                + "\"stream\":true,\"max_tokens\":8,\"temperature\":0.5}",
                        b -> CODECS.chatCompletionRequest().decode(b)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void decode_wrongShapeInAnyField_rejectsOrIgnoresWhatIsInside(
            String name, String valid, Function<byte[], Object> decode) throws Exception {
        Object original = decode.apply(valid.getBytes(UTF_8));
        List<String> problems = new ArrayList<>();
        int rejected = 0;
        for (String path : fieldPaths(JSON.readTree(valid))) {
            for (String shape : WRONG_SHAPES) {
                String body = replace(valid, path, shape);
                try {
                    Object decoded = decode.apply(body.getBytes(UTF_8));
                    String changed = otherFieldChanged(original, decoded, path.split("/")[0]);
                    if (changed != null) {
                        problems.add(body + " changed '" + changed + "': " + decoded);
                    }
                } catch (JsonCodecException e) {
                    rejected++;
                    if (e.getMessage().contains("java.") || e.getMessage().contains("Source:")) {
                        problems.add(body + " was refused with a message for Java programmers: " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    problems.add(body + " threw " + e + " (a 500, not Ollama's 400)");
                }
            }
        }
        assertThat(problems)
                .as("%s: bodies that took values from inside a wrong one, or failed oddly", name)
                .isEmpty();
        assertThat(rejected).as("%s rejects wrong shapes at all", name).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void decode_objectWhereTheModelNameBelongs_isRejectedNamingTheField(
            String name, String valid, Function<byte[], Object> decode) {
        String body = replace(valid, "model", SMUGGLED);

        assertThatThrownBy(() -> decode.apply(body.getBytes(UTF_8)))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageEndingWith(": 'model' must be a string, got: an object");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void decode_numberWhereTheModelNameBelongs_isRejected(String name, String valid, Function<byte[], Object> decode) {
        String body = replace(valid, "model", "42");

        assertThatThrownBy(() -> decode.apply(body.getBytes(UTF_8)))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageEndingWith(": 'model' must be a string, got: a number");
    }

    /**
     * The first record component other than the mutated field's that differs from the original decoding, or
     * null. The mutated field itself may keep what it was given where Ollama keeps it too (an {@code options}
     * object passes unknown keys through, {@code format} is any JSON): what must never happen is a value from
     * inside it landing in another field.
     */
    private static String otherFieldChanged(Object original, Object decoded, String mutatedField) throws Exception {
        String mutated = camelCase(mutatedField);
        for (RecordComponent component : original.getClass().getRecordComponents()) {
            if (component.getName().equals(mutated)) {
                continue;
            }
            Method accessor = component.getAccessor();
            if (!Objects.equals(accessor.invoke(original), accessor.invoke(decoded))) {
                return component.getName();
            }
        }
        return null;
    }

    private static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Arguments request(String name, String valid, Function<byte[], Object> decode) {
        return Arguments.of(name, valid, decode);
    }

    /** Every field of the body, nested ones as {@code options/num_ctx} and {@code messages/0/content}. */
    private static List<String> fieldPaths(JsonNode node) {
        List<String> paths = new ArrayList<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, List<String> paths) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                String path = prefix.isEmpty() ? field : prefix + "/" + field;
                paths.add(path);
                collect(node.get(field), path, paths);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String path = prefix + "/" + i;
                paths.add(path);
                collect(node.get(i), path, paths);
            }
        }
    }

    private static String replace(String valid, String path, String shape) {
        try {
            JsonNode root = JSON.readTree(valid);
            String[] steps = path.split("/");
            JsonNode parent = root;
            for (int i = 0; i < steps.length - 1; i++) {
                parent = parent.isArray() ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
            }
            String last = steps[steps.length - 1];
            JsonNode value = JSON.readTree(shape);
            if (parent.isArray()) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
            return JSON.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
