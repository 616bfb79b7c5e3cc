package dev.ollamaperf.load.protocol;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One request a virtual user sends.
 *
 * @param api        which endpoint and wire format
 * @param model      the model name as the scenario spells it
 * @param messages   the conversation (for generate, the contents are joined into the prompt)
 * @param stream     whether to stream the answer (TTFT and inter-token latency need it)
 * @param numPredict maximum output tokens, or -1 for the model's own length
 * @param numCtx     {@code options.num_ctx}, or 0 to leave it to the server (mixing values makes
 *                   Ollama reload the model, so scenarios keep one)
 * @param seed       {@code options.seed} (makes the answer deterministic, hence cacheable), or null
 * @param route      in a paired run, which pair it belongs to and which path it takes; null otherwise
 * @param think      {@code think} as sent: "" leaves it out, else true, false or a level (docs/ollama-api.md §1.7)
 */
public record OllamaRequest(
        OllamaApi api,
        String model,
        List<Message> messages,
        boolean stream,
        int numPredict,
        int numCtx,
        Long seed,
        Route route,
        String think) {

    /** A request that leaves {@code think} out. */
    public OllamaRequest(
            OllamaApi api,
            String model,
            List<Message> messages,
            boolean stream,
            int numPredict,
            int numCtx,
            Long seed,
            Route route) {
        this(api, model, messages, stream, numPredict, numCtx, seed, route, "");
    }

    /** A request that is not part of a pair. */
    public OllamaRequest(
            OllamaApi api,
            String model,
            List<Message> messages,
            boolean stream,
            int numPredict,
            int numCtx,
            Long seed) {
        this(api, model, messages, stream, numPredict, numCtx, seed, null);
    }

    public OllamaRequest {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(think, "think");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' must not be empty for model " + model);
        }
        if (numPredict < -1) {
            throw new IllegalArgumentException("'numPredict' must be -1 (model default) or more, got: " + numPredict);
        }
        if (numCtx < 0) {
            throw new IllegalArgumentException("'numCtx' must be 0 (server default) or more, got: " + numCtx);
        }
    }

    /** One chat message. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A copy with {@code options.seed} set. */
    public OllamaRequest withSeed(long newSeed) {
        return new OllamaRequest(api, model, messages, stream, numPredict, numCtx, newSeed, route, think);
    }

    /** A copy sent to {@code newModel} (the fallback scenario's direct path asks the fallback model itself). */
    public OllamaRequest withModel(String newModel) {
        return new OllamaRequest(api, newModel, messages, stream, numPredict, numCtx, seed, route, think);
    }

    /** A copy that takes {@code newRoute}. */
    public OllamaRequest withRoute(Route newRoute) {
        return new OllamaRequest(api, model, messages, stream, numPredict, numCtx, seed, newRoute, think);
    }

    /** A copy that sends {@code newThink} as {@code think} ("" leaves it out). */
    public OllamaRequest withThink(String newThink) {
        return new OllamaRequest(api, model, messages, stream, numPredict, numCtx, seed, route, newThink);
    }

    /** The messages' contents joined by blank lines: the prompt for /api/generate. */
    public String joinedPrompt() {
        return messages.stream().map(Message::content).collect(Collectors.joining("\n\n"));
    }
}
