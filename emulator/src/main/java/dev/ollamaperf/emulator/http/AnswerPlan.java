package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.emulator.engine.GenerationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What an inference request's answer is made of, decided from its {@code think}, {@code format} and
 * {@code tools} before it is submitted (docs/ollama-api.md §1.2, §1.7):
 *
 * <ul>
 *   <li>thinking first when {@code think} is on for a thinking model (its length is the engine's to draw);
 *   <li>a tool call when the chat request has {@code tools} and its last message is the user's: one call of
 *       one of the tools (chosen by the request's seed), with the required arguments of its
 *       {@code parameters} schema. After a {@code tool} message (the tool's result) or an assistant message,
 *       the model answers in text;
 *   <li>else, with {@code format: "json"}, a small JSON object; with a schema, an object conforming to it
 *       (all its properties); the document streams as tokens of up to four characters, and the whole parses;
 *   <li>else free text of the profile's length.
 * </ul>
 *
 * A tool call's tokens cost decode time like any others, but Ollama's parser holds them back and sends the
 * call as one {@code message.tool_calls} chunk when it is complete.
 *
 * @param output    what the engine generates
 * @param toolCalls the calls the content tokens spell, empty when it answers in text
 */
record AnswerPlan(GenerationRequest.Output output, List<ToolCall> toolCalls) {

    /** Characters per token of a fixed answer: about what tokenizers give English and JSON. */
    static final int CHARS_PER_TOKEN = 4;

    /** Free text without thinking (and the plan of requests that generate nothing, such as embeddings). */
    static final AnswerPlan TEXT = new AnswerPlan(GenerationRequest.Output.TEXT, List.of());

    AnswerPlan {
        Objects.requireNonNull(output, "output");
        toolCalls = List.copyOf(Objects.requireNonNull(toolCalls, "toolCalls"));
    }

    /**
     * Plans an answer.
     *
     * @param think    thinking is on (asked for, or the default of a thinking model)
     * @param format   the request's {@code format}, or null
     * @param tools    the chat request's {@code tools} when the model will call one, else null
     * @param seed     the request's seed (same request, same answer)
     */
    static AnswerPlan of(boolean think, JsonNode format, JsonNode tools, long seed) {
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            SplittableRandom random = new SplittableRandom(seed);
            JsonNode tool = tools.get(random.nextInt(tools.size()));
            JsonNode function = tool.path("function");
            JsonNode arguments = new SchemaValues(seed, false).valueFor(function.path("parameters"));
            ToolCall call = new ToolCall(
                    callId(random),
                    0,
                    function.path("name").asText(""),
                    arguments.isObject() ? (ObjectNode) arguments : JsonSupport.MAPPER.createObjectNode());
            return new AnswerPlan(new GenerationRequest.Output(think, tokens(call.asModelText())), List.of(call));
        }
        if (format != null) {
            SchemaValues values = new SchemaValues(seed, true);
            JsonNode document = format.isObject() ? values.valueFor(format) : values.anyObject();
            return new AnswerPlan(new GenerationRequest.Output(think, tokens(document.toString())), List.of());
        }
        return new AnswerPlan(new GenerationRequest.Output(think, List.of()), List.of());
    }

    /** The request's {@code format}: null when absent or empty, else "json" or a schema object. */
    static JsonNode format(RequestBody body) {
        JsonNode format = body.get("format");
        if (format == null || (format.isTextual() && format.textValue().isEmpty())) {
            return null;
        }
        if ((format.isTextual() && format.textValue().equals("json")) || format.isObject()) {
            return format;
        }
        throw new ApiException(
                500,
                "invalid format: " + JsonSupport.goQuote(format.toString())
                        + "; expected \"json\" or a valid JSON Schema object");
    }

    /** Text cut into tokens of up to {@link #CHARS_PER_TOKEN} characters (whole code points). */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = start;
            for (int i = 0; i < CHARS_PER_TOKEN && end < text.length(); i++) {
                end = text.offsetByCodePoints(end, 1);
            }
            tokens.add(text.substring(start, end));
            start = end;
        }
        return tokens;
    }

    private static String callId(SplittableRandom random) {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < 8; i++) {
            id.append(letters.charAt(random.nextInt(letters.length())));
        }
        return id.toString();
    }
}
