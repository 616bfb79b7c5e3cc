package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One inference as the engine sees it, after the HTTP layer has parsed and validated the body.
 *
 * @param requestedModel the model name exactly as the client spelled it (echoed in responses)
 * @param kind           what the request asks for
 * @param prompt         the rendered prompt (all messages, or system, template, prompt and suffix)
 *                       and how to fit it into the context window; its tokens drive prefill and
 *                       the prompt cache, its text seeds the deterministic output text
 * @param numPredict     maximum tokens to generate, or -1 for the profile's own length
 * @param numCtx         requested {@code num_ctx}, or 0 for the default; a value that differs from
 *                       the loaded runner's forces a reload
 * @param keepAlive      the request's {@code keep_alive}, or null when absent; negative = forever
 * @param seed           {@code options.seed}, or null when absent (output text then seeded from
 *                       the prompt)
 * @param endpoint       the HTTP path that received it (for per-endpoint counters)
 * @param output         what the answer is made of: thinking first or not, free text or fixed content
 */
public record GenerationRequest(
        String requestedModel,
        Kind kind,
        Prompt prompt,
        int numPredict,
        int numCtx,
        Duration keepAlive,
        Long seed,
        String endpoint,
        Output output) {

    /**
     * What one answer is made of. Thinking tokens (when {@code think} and the model has the thinking
     * capability, their count drawn from the profile) come first; then the content: free text of the
     * profile's length, or exactly the {@code content} tokens the endpoint composed (a JSON document for
     * {@code format}, a tool call for {@code tools}), so the answer's length is that of what it says.
     *
     * @param think   think before answering
     * @param content the answer's tokens when the endpoint fixed them; empty for free text
     */
    public record Output(boolean think, List<String> content) {
        /** Free text without thinking: what every request got before thinking and structured output. */
        public static final Output TEXT = new Output(false, List.of());

        public Output {
            content = List.copyOf(Objects.requireNonNull(content, "content"));
        }
    }

    /** What the request asks the model to do. */
    public enum Kind {
        /** Generate tokens (generate, chat, /v1/chat/completions). */
        GENERATE,
        /** Compute embeddings: load and prompt evaluation only, no tokens. */
        EMBED,
        /** Empty prompt or messages: load the model and answer {@code done_reason: "load"}. */
        LOAD,
        /** Empty prompt with {@code keep_alive: 0}: answer at once, unload when idle. */
        UNLOAD
    }

    public GenerationRequest {
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(output, "output");
        if (numPredict < -1) {
            throw new IllegalArgumentException("'numPredict' must be -1 or more, got: " + numPredict);
        }
        if (numCtx < 0) {
            throw new IllegalArgumentException("'numCtx' must be 0 or more, got: " + numCtx);
        }
    }

    /** A request for free text without thinking. */
    public GenerationRequest(
            String requestedModel,
            Kind kind,
            Prompt prompt,
            int numPredict,
            int numCtx,
            Duration keepAlive,
            Long seed,
            String endpoint) {
        this(requestedModel, kind, prompt, numPredict, numCtx, keepAlive, seed, endpoint, Output.TEXT);
    }

    /** A request whose prompt is one piece of text, with Ollama's context-window defaults. */
    public GenerationRequest(
            String requestedModel,
            Kind kind,
            String promptText,
            int numPredict,
            int numCtx,
            Duration keepAlive,
            Long seed,
            String endpoint) {
        this(requestedModel, kind, Prompt.of(promptText), numPredict, numCtx, keepAlive, seed, endpoint);
    }

    /** The full prompt text, every part joined (before any context-window cut). */
    public String promptText() {
        return prompt.text();
    }
}
