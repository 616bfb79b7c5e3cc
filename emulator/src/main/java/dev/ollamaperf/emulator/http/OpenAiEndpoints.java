package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.engine.GenerationRequest;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.emulator.engine.Prompt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /v1/chat/completions} and {@code GET /v1/models} (docs/ollama-api.md §4). Errors from
 * these routes are rendered in OpenAI's shape by the router.
 */
final class OpenAiEndpoints {

    private final InferenceEngine engine;
    private final Clock clock;

    OpenAiEndpoints(InferenceEngine engine, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static final java.util.Set<String> REASONING_EFFORTS =
            java.util.Set.of("minimal", "low", "medium", "high", "xhigh", "ultra", "max");

    void chatCompletions(Request request, Exchange exchange) {
        RequestBody body = RequestBody.parse(request.body(), "ChatCompletionRequest");
        String model = body.string("model");
        boolean stream = body.bool("stream", false);
        boolean includeUsage = body.object("stream_options", "openai.StreamOptions")
                .path("include_usage")
                .asBoolean(false);
        int maxTokens = body.integer("max_tokens", -1);
        Long seed = body.has("seed") ? Long.valueOf(body.integer("seed", 0)) : null;
        List<Prompt.Part> contents = contents(body);
        if (contents.isEmpty()) {
            throw ApiException.badRequest("[] is too short - 'messages'");
        }
        if (model.isEmpty()) {
            throw ApiException.badRequest("model is required");
        }
        Boolean think = think(body);
        JsonNode format = format(body);
        JsonNode tools = body.get("tools");
        boolean withTools = tools != null && tools.isArray() && !tools.isEmpty();
        ModelProfile profile = engine.catalogue().find(model).orElseThrow(() -> ApiException.notFound(model));
        boolean thinks = RequestRules.thinks(profile, model, think);
        RequestRules.requireCapability(profile, model, "completion", "chat");
        if (withTools && !profile.has(ModelProfile.TOOLS)) {
            throw ApiException.badRequest(NativeEndpoints.registryName(profile.name()) + " does not support tools");
        }
        // Ollama's middleware turns this into a chat request: truncate and shift on, num_keep 4
        Prompt prompt = new Prompt(contents, true, true, true, Prompt.DEFAULT_NUM_KEEP);
        AnswerPlan plan = AnswerPlan.of(
                thinks,
                format,
                withTools && NativeEndpoints.lastRole(body).equals("user") ? tools : null,
                NativeEndpoints.answerSeed(seed, prompt));
        GenerationRequest generation = new GenerationRequest(
                model,
                GenerationRequest.Kind.GENERATE,
                prompt,
                maxTokens < 0 ? -1 : maxTokens,
                0,
                null,
                seed,
                request.path(),
                plan.output());
        String id = "chatcmpl-" + ThreadLocalRandom.current().nextInt(999);
        long created = clock.instant().getEpochSecond();
        NativeEndpoints.submit(
                engine,
                exchange,
                generation,
                new OpenAiFormat(
                        model, id, created, includeUsage, !plan.toolCalls().isEmpty()),
                stream,
                plan);
    }

    /**
     * {@code reasoning.effort} or {@code reasoning_effort} as Ollama maps them to {@code think}: absent leaves
     * the model's default, "none" is off, every other level is on (their lengths are not modelled).
     */
    private static Boolean think(RequestBody body) {
        JsonNode reasoning = body.get("reasoning");
        JsonNode effort = reasoning != null && reasoning.hasNonNull("effort")
                ? reasoning.get("effort")
                : body.get("reasoning_effort");
        if (effort == null || effort.asText().isEmpty()) {
            return null;
        }
        String value = effort.asText();
        if (value.equals("none")) {
            return false;
        }
        if (!REASONING_EFFORTS.contains(value)) {
            throw ApiException.badRequest("invalid reasoning value: " + JsonSupport.goQuote(value)
                    + " (must be \"minimal\", \"low\", \"medium\", \"high\", \"xhigh\", \"ultra\", \"max\", or"
                    + " \"none\")");
        }
        return true;
    }

    /** {@code response_format}: {@code json_object} is "json", {@code json_schema} its schema; else none. */
    private static JsonNode format(RequestBody body) {
        JsonNode responseFormat = body.get("response_format");
        if (responseFormat == null) {
            return null;
        }
        switch (responseFormat.path("type").asText("")) {
            case "json_object":
                return JsonSupport.MAPPER.getNodeFactory().textNode("json");
            case "json_schema":
                JsonNode schema = responseFormat.path("json_schema").path("schema");
                return schema.isObject() ? schema : null;
            default:
                return null;
        }
    }

    /** Message contents: a string, or an array of parts of which the {@code text} ones count. */
    private static List<Prompt.Part> contents(RequestBody body) {
        JsonNode messages = body.get("messages");
        List<Prompt.Part> contents = new ArrayList<>();
        if (messages == null) {
            return contents;
        }
        if (!messages.isArray()) {
            throw body.mismatch("messages", messages, "[]openai.Message");
        }
        for (JsonNode message : messages) {
            JsonNode content = message.get("content");
            boolean system = "system".equals(message.path("role").asText());
            if (content == null || content.isNull()) {
                contents.add(new Prompt.Part("", system));
            } else if (content.isTextual()) {
                contents.add(new Prompt.Part(content.textValue(), system));
            } else if (content.isArray()) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part : content) {
                    if ("text".equals(part.path("type").asText())) {
                        text.append(part.path("text").asText());
                    }
                }
                contents.add(new Prompt.Part(text.toString(), system));
            } else {
                throw ApiException.badRequest("invalid message content type: " + RequestBody.goKind(content));
            }
        }
        return contents;
    }
}
