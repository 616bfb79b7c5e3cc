package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.emulator.engine.GenerationRequest;
import dev.ollamaperf.emulator.engine.GenerationRequest.Kind;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.emulator.engine.Prompt;
import dev.ollamaperf.emulator.http.NativeFormat.Shape;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/generate} and {@code POST /api/chat}: validates as Ollama does (§1.1, §1.2,
 * §2), then hands the request to the engine with a sink that streams NDJSON or answers once.
 */
final class NativeEndpoints {

    private final InferenceEngine engine;
    private final Clock clock;

    NativeEndpoints(InferenceEngine engine, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void generate(Request request, Exchange exchange) {
        RequestBody body = RequestBody.parse(request.body(), "GenerateRequest");
        String model = body.string("model");
        String prompt = body.string("prompt");
        String system = body.string("system");
        String template = body.string("template");
        String suffix = body.string("suffix");
        boolean raw = body.bool("raw", false);
        boolean stream = body.bool("stream", true);
        Duration keepAlive = RequestRules.keepAlive(body);
        Boolean think = RequestRules.think(body);
        ObjectNode options = body.object("options", "map[string]interface {}");
        RequestRules.checkTopLogprobs(body);
        JsonNode format = AnswerPlan.format(body);
        if (body.has("context") && !body.get("context").isArray()) {
            throw body.mismatch("context", body.get("context"), "[]int");
        }
        if (raw && (!template.isEmpty() || !system.isEmpty() || body.has("context"))) {
            throw ApiException.badRequest("raw mode does not support template, system, or context");
        }
        ModelProfile profile = engine.catalogue().find(model).orElseThrow(() -> ApiException.notFound(model));
        Kind kind = kindFor(prompt.isEmpty(), keepAlive);
        boolean thinks = kind == Kind.GENERATE && RequestRules.thinks(profile, model, think);
        if (kind == Kind.GENERATE) {
            RequestRules.requireCapability(profile, model, "completion", "generate");
        }
        List<Prompt.Part> parts = new ArrayList<>();
        for (String part : List.of(system, template, prompt, suffix)) {
            parts.add(new Prompt.Part(part, false));
        }
        Prompt rendered = RequestRules.prompt(body, options, parts, false);
        Long seed = RequestRules.seed(options);
        AnswerPlan plan = AnswerPlan.of(thinks, format, null, answerSeed(seed, rendered));
        GenerationRequest generation = generation(request, model, kind, rendered, options, keepAlive, seed, plan);
        submit(engine, exchange, generation, new NativeFormat(Shape.GENERATE, model, clock, !raw), stream, plan);
    }

    void chat(Request request, Exchange exchange) {
        RequestBody body = RequestBody.parse(request.body(), "ChatRequest");
        String model = body.string("model");
        List<Prompt.Part> messages = messages(body);
        boolean stream = body.bool("stream", true);
        Duration keepAlive = RequestRules.keepAlive(body);
        Boolean think = RequestRules.think(body);
        ObjectNode options = body.object("options", "map[string]interface {}");
        RequestRules.checkTopLogprobs(body);
        JsonNode format = AnswerPlan.format(body);
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isArray()) {
            throw body.mismatch("tools", tools, "api.Tools");
        }
        if (model.isEmpty()) {
            throw ApiException.badRequest("model is required");
        }
        ModelProfile profile = engine.catalogue().find(model).orElseThrow(() -> ApiException.notFound(model));
        Kind kind = kindFor(messages.isEmpty(), keepAlive);
        boolean thinks = kind == Kind.GENERATE && RequestRules.thinks(profile, model, think);
        boolean withTools = tools != null && tools.size() > 0;
        if (kind == Kind.GENERATE) {
            RequestRules.requireCapability(profile, model, "completion", "chat");
            if (withTools && !profile.has(ModelProfile.TOOLS)) {
                // Ollama names the model by its full registry name here (docs/ollama-api.md §2)
                throw ApiException.badRequest(registryName(profile.name()) + " does not support tools");
            }
        }
        Prompt rendered = RequestRules.prompt(body, options, messages, true);
        Long seed = RequestRules.seed(options);
        AnswerPlan plan = AnswerPlan.of(
                thinks, format, withTools && lastRole(body).equals("user") ? tools : null, answerSeed(seed, rendered));
        GenerationRequest generation = generation(request, model, kind, rendered, options, keepAlive, seed, plan);
        submit(engine, exchange, generation, new NativeFormat(Shape.CHAT, model, clock, false), stream, plan);
    }

    /** The engine's request: the rendered prompt, the options that shape the work, and what the answer is made of. */
    private static GenerationRequest generation(
            Request request,
            String model,
            Kind kind,
            Prompt rendered,
            ObjectNode options,
            Duration keepAlive,
            Long seed,
            AnswerPlan plan) {
        return new GenerationRequest(
                model,
                kind,
                rendered,
                RequestRules.numPredict(options),
                RequestRules.numCtx(options),
                keepAlive,
                seed,
                request.path(),
                plan.output());
    }

    /** The role of the last message, lower-cased as Ollama does ("" when there is none). */
    static String lastRole(RequestBody body) {
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isEmpty()) {
            return "";
        }
        return messages.get(messages.size() - 1).path("role").asText("").toLowerCase(java.util.Locale.ROOT);
    }

    /** What seeds a structured answer: {@code options.seed}, else the prompt (as the text's words are). */
    static long answerSeed(Long seed, Prompt prompt) {
        return seed != null ? seed : prompt.text().hashCode();
    }

    /**
     * A model's name as Ollama's {@code model.Name} prints it: {@code registry.ollama.ai/library/} before a
     * bare name, {@code registry.ollama.ai/} before a namespaced one.
     */
    static String registryName(String fullName) {
        long slashes = fullName.chars().filter(c -> c == '/').count();
        return slashes == 0
                ? "registry.ollama.ai/library/" + fullName
                : slashes == 1 ? "registry.ollama.ai/" + fullName : fullName;
    }

    /** Hands a validated request (with what its answer is made of) to the engine; a failure to submit is a 500 in the endpoint's shape. */
    static void submit(
            InferenceEngine engine,
            Exchange exchange,
            GenerationRequest request,
            ResponseFormat format,
            boolean stream,
            AnswerPlan plan) {
        ResponseSink sink = new ResponseSink(exchange, format, stream, plan);
        try {
            exchange.attach(engine.submit(request, sink));
        } catch (RuntimeException e) {
            throw new ApiException(500, String.valueOf(e.getMessage()));
        }
    }

    /** Empty prompt: load, or unload when keep_alive is 0. */
    static Kind kindFor(boolean empty, Duration keepAlive) {
        if (!empty) {
            return Kind.GENERATE;
        }
        return keepAlive != null && keepAlive.isZero() ? Kind.UNLOAD : Kind.LOAD;
    }

    /** The {@code messages}, validated as Go decodes {@code []api.Message}: content and whether it is a system message. */
    static List<Prompt.Part> messages(RequestBody body) {
        JsonNode messages = body.get("messages");
        List<Prompt.Part> contents = new ArrayList<>();
        if (messages == null) {
            return contents;
        }
        if (!messages.isArray()) {
            throw body.mismatch("messages", messages, "[]api.Message");
        }
        for (JsonNode message : messages) {
            if (!message.isObject()) {
                throw body.mismatch("messages", message, "api.Message");
            }
            JsonNode role = message.get("role");
            JsonNode content = message.get("content");
            if (role != null && !role.isNull() && !role.isTextual()) {
                throw body.mismatch("messages.role", role, "string");
            }
            if (content != null && !content.isNull() && !content.isTextual()) {
                throw body.mismatch("messages.content", content, "string");
            }
            // Roles are lower-cased by Ollama; only text counts for timing, and system messages survive truncation.
            boolean system = role != null && role.isTextual() && "system".equalsIgnoreCase(role.textValue());
            contents.add(new Prompt.Part(content == null || content.isNull() ? "" : content.textValue(), system));
        }
        return contents;
    }
}
