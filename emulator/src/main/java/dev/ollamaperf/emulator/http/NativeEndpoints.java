package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.emulator.engine.GenerationRequest;
import dev.ollamaperf.emulator.engine.GenerationRequest.Kind;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.emulator.engine.Prompt;
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
        boolean think = RequestRules.thinkRequested(body);
        ObjectNode options = body.object("options", "map[string]interface {}");
        RequestRules.checkTopLogprobs(body);
        if (body.has("context") && !body.get("context").isArray()) {
            throw body.mismatch("context", body.get("context"), "[]int");
        }
        if (raw && (!template.isEmpty() || !system.isEmpty() || body.has("context"))) {
            throw ApiException.badRequest("raw mode does not support template, system, or context");
        }
        ModelProfile profile = engine.catalogue().find(model).orElseThrow(() -> ApiException.notFound(model));
        Kind kind = kindFor(prompt.isEmpty(), keepAlive);
        if (kind == Kind.GENERATE) {
            RequestRules.requireCapability(profile, model, "completion", "generate");
            if (think) {
                RequestRules.requireCapability(profile, model, "thinking", "thinking");
            }
        }
        List<Prompt.Part> parts = new ArrayList<>();
        for (String part : List.of(system, template, prompt, suffix)) {
            parts.add(new Prompt.Part(part, false));
        }
        GenerationRequest generation = new GenerationRequest(
                model,
                kind,
                RequestRules.prompt(body, options, parts, false),
                RequestRules.numPredict(options),
                RequestRules.numCtx(options),
                keepAlive,
                RequestRules.seed(options),
                request.path());
        submit(engine, exchange, generation, new NativeFormat(NativeFormat.Shape.GENERATE, model, clock, !raw), stream);
    }

    void chat(Request request, Exchange exchange) {
        RequestBody body = RequestBody.parse(request.body(), "ChatRequest");
        String model = body.string("model");
        List<Prompt.Part> messages = messages(body);
        boolean stream = body.bool("stream", true);
        Duration keepAlive = RequestRules.keepAlive(body);
        boolean think = RequestRules.thinkRequested(body);
        ObjectNode options = body.object("options", "map[string]interface {}");
        RequestRules.checkTopLogprobs(body);
        if (model.isEmpty()) {
            throw ApiException.badRequest("model is required");
        }
        ModelProfile profile = engine.catalogue().find(model).orElseThrow(() -> ApiException.notFound(model));
        Kind kind = kindFor(messages.isEmpty(), keepAlive);
        if (kind == Kind.GENERATE) {
            RequestRules.requireCapability(profile, model, "completion", "chat");
            JsonNode tools = body.get("tools");
            if (tools != null && tools.size() > 0 && !hasCapability(profile, "tools")) {
                throw ApiException.badRequest(model + " does not support tools");
            }
            if (think) {
                RequestRules.requireCapability(profile, model, "thinking", "thinking");
            }
        }
        GenerationRequest generation = new GenerationRequest(
                model,
                kind,
                RequestRules.prompt(body, options, messages, true),
                RequestRules.numPredict(options),
                RequestRules.numCtx(options),
                keepAlive,
                RequestRules.seed(options),
                request.path());
        submit(engine, exchange, generation, new NativeFormat(NativeFormat.Shape.CHAT, model, clock, false), stream);
    }

    /** Hands a validated request to the engine; a failure to submit is a 500 in the endpoint's shape. */
    static void submit(
            InferenceEngine engine,
            Exchange exchange,
            GenerationRequest request,
            ResponseFormat format,
            boolean stream) {
        ResponseSink sink = new ResponseSink(exchange, format, stream);
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

    static boolean hasCapability(ModelProfile profile, String capability) {
        return profile.capabilities() != null && profile.capabilities().contains(capability);
    }
}
