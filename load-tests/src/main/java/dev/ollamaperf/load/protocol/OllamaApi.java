package dev.ollamaperf.load.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Ollama endpoints a scenario can drive, each knowing its path, how to write a request body and
 * how to read one line of its streamed answer (docs/ollama-api.md §1.1, §1.2 and §4).
 */
public enum OllamaApi {

    /** Native chat, NDJSON stream: one JSON object per line, metrics on the done chunk. */
    CHAT("chat", "/api/chat", false) {
        @Override
        ObjectNode body(OllamaRequest request) {
            ObjectNode body = common(request);
            body.set("messages", messages(request));
            options(body, request);
            return body;
        }
    },

    /** Native generate, NDJSON stream. */
    GENERATE("generate", "/api/generate", false) {
        @Override
        ObjectNode body(OllamaRequest request) {
            ObjectNode body = common(request);
            body.put("prompt", request.joinedPrompt());
            options(body, request);
            return body;
        }
    },

    /** OpenAI-compatible chat, Server-Sent Events ({@code data: {...}} lines, {@code data: [DONE]}). */
    OPENAI_CHAT("openai", "/v1/chat/completions", true) {
        @Override
        ObjectNode body(OllamaRequest request) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("model", request.model());
            body.put("stream", request.stream());
            body.set("messages", messages(request));
            if (request.numPredict() >= 0) {
                body.put("max_tokens", request.numPredict());
            }
            if (request.seed() != null) {
                body.put("seed", request.seed());
            }
            if (request.stream()) {
                body.putObject("stream_options").put("include_usage", true);
            }
            if (!request.think().isEmpty()) {
                // Ollama maps reasoning_effort to think: "none" is off; true is its default level, medium
                body.put(
                        "reasoning_effort",
                        switch (request.think()) {
                            case "false" -> "none";
                            case "true" -> "medium";
                            default -> request.think();
                        });
            }
            return body;
        }
    };

    private final String setting;
    private final String path;
    private final boolean serverSentEvents;

    OllamaApi(String setting, String path, boolean serverSentEvents) {
        this.setting = setting;
        this.path = path;
        this.serverSentEvents = serverSentEvents;
    }

    /** The value that selects it in {@code ollama.perf.api}: chat, generate or openai. */
    public String setting() {
        return setting;
    }

    /** The API a {@code ollama.perf.api} value names. */
    public static OllamaApi fromSetting(String value) {
        for (OllamaApi api : values()) {
            if (api.setting.equals(value.trim())) {
                return api;
            }
        }
        throw new IllegalArgumentException("'ollama.perf.api' must be chat, generate or openai, got: " + value);
    }

    /** The request path, e.g. {@code /api/chat}. */
    public String path() {
        return path;
    }

    /** True for the SSE-framed /v1 endpoint. */
    public boolean serverSentEvents() {
        return serverSentEvents;
    }

    abstract ObjectNode body(OllamaRequest request);

    private static ObjectNode common(OllamaRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", request.model());
        body.put("stream", request.stream());
        switch (request.think()) {
            case "" -> {}
            case "true", "false" -> body.put("think", Boolean.parseBoolean(request.think()));
            default -> body.put("think", request.think());
        }
        return body;
    }

    private static ArrayNode messages(OllamaRequest request) {
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        for (OllamaRequest.Message message : request.messages()) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        return messages;
    }

    private static void options(ObjectNode body, OllamaRequest request) {
        if (request.numPredict() >= 0 || request.numCtx() > 0 || request.seed() != null) {
            ObjectNode options = body.putObject("options");
            if (request.seed() != null) {
                options.put("seed", request.seed());
            }
            if (request.numPredict() >= 0) {
                options.put("num_predict", request.numPredict());
            }
            if (request.numCtx() > 0) {
                options.put("num_ctx", request.numCtx());
            }
        }
    }
}
