package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ollamaperf.emulator.engine.Completion;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Ollama's native NDJSON shapes for {@code /api/generate} ({@code "response"}) and
 * {@code /api/chat} ({@code "message"}), field for field and in Go's struct order: model,
 * created_at, response or message, done, done_reason, context (generate only, not raw), then the
 * metrics with Go's {@code omitempty} (a zero metric is left out).
 */
final class NativeFormat implements ResponseFormat {

    /** Which native endpoint. */
    enum Shape {
        GENERATE,
        CHAT
    }

    private static final int VOCABULARY = 128_000;

    private final Shape shape;
    private final String model;
    private final Clock clock;
    private final boolean withContext;
    private final TokenChunkTemplate tokenChunks;

    /**
     * @param shape       generate or chat
     * @param model       the model name exactly as requested (echoed)
     * @param clock       source of {@code created_at}
     * @param withContext generate's {@code context} array on the final chunk (false in raw mode)
     */
    NativeFormat(Shape shape, String model, Clock clock, boolean withContext) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.withContext = withContext && shape == Shape.GENERATE;
        this.tokenChunks = new TokenChunkTemplate(model, shape == Shape.CHAT);
    }

    @Override
    public String streamContentType() {
        return "application/x-ndjson";
    }

    @Override
    public byte[] tokenChunk(String text, boolean first) {
        return TokenChunkTemplate.encodes(text)
                ? tokenChunks.chunk(text, clock.instant())
                : chunk(new Reply(text, "", List.of()));
    }

    @Override
    public byte[] thinkingChunk(String text, boolean first) {
        return chunk(new Reply("", text, List.of()));
    }

    @Override
    public byte[] toolCallChunk(List<ToolCall> calls, boolean first) {
        if (shape != Shape.CHAT) {
            throw new UnsupportedOperationException("/api/generate has no tool calls");
        }
        return chunk(new Reply("", "", calls));
    }

    /** A non-final chunk written field by field (the reference for {@link TokenChunkTemplate}). */
    byte[] chunk(Reply reply) {
        return line(JsonSupport.bytes(g -> {
            head(g, reply);
            g.writeBooleanField("done", false);
            g.writeEndObject();
        }));
    }

    @Override
    public byte[] finalChunk(Completion completion) {
        return line(fullResponse(Reply.EMPTY, completion));
    }

    @Override
    public byte[] fullResponse(Reply reply, Completion completion) {
        boolean loadOrUnload = "load".equals(completion.doneReason()) || "unload".equals(completion.doneReason());
        String text = reply.content();
        return JsonSupport.bytes(g -> {
            head(g, reply);
            g.writeBooleanField("done", true);
            if (!completion.doneReason().isEmpty()) {
                g.writeStringField("done_reason", completion.doneReason());
            }
            if (!loadOrUnload) {
                if (withContext) {
                    writeContext(g, completion, text);
                }
                metrics(g, completion);
            }
            g.writeEndObject();
        });
    }

    @Override
    public byte[] midStreamError(String message) {
        return line(JsonSupport.error(message));
    }

    @Override
    public byte[] errorBody(int status, String message) {
        return JsonSupport.error(message);
    }

    /** The fields before {@code done}: Go's order, {@code thinking} and {@code tool_calls} only when not empty. */
    private void head(JsonGenerator g, Reply reply) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", model);
        g.writeStringField("created_at", JsonSupport.rfc3339(clock.instant()));
        if (shape == Shape.GENERATE) {
            g.writeStringField("response", reply.content());
            if (!reply.thinking().isEmpty()) {
                g.writeStringField("thinking", reply.thinking());
            }
        } else {
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", reply.content());
            if (!reply.thinking().isEmpty()) {
                g.writeStringField("thinking", reply.thinking());
            }
            if (!reply.toolCalls().isEmpty()) {
                g.writeArrayFieldStart("tool_calls");
                for (ToolCall call : reply.toolCalls()) {
                    g.writeStartObject();
                    g.writeStringField("id", call.id());
                    g.writeObjectFieldStart("function");
                    g.writeNumberField("index", call.index());
                    g.writeStringField("name", call.name());
                    g.writeFieldName("arguments");
                    g.writeTree(call.arguments());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /** The nanosecond metrics of {@code api.Metrics}, each omitted when zero. */
    static void metrics(JsonGenerator g, Completion c) throws IOException {
        JsonSupport.nonZero(g, "total_duration", c.totalNanos());
        JsonSupport.nonZero(g, "load_duration", c.loadNanos());
        JsonSupport.nonZero(g, "prompt_eval_count", c.promptEvalCount());
        JsonSupport.nonZero(g, "prompt_eval_duration", c.promptEvalNanos());
        JsonSupport.nonZero(g, "eval_count", c.evalCount());
        JsonSupport.nonZero(g, "eval_duration", c.evalNanos());
    }

    /**
     * Deterministic stand-in token ids, one per prompt and output token, as the real context
     * holds; clients must treat them as opaque.
     */
    private void writeContext(JsonGenerator g, Completion c, String text) throws IOException {
        int length = Math.max(0, c.promptEvalCount()) + Math.max(0, c.evalCount());
        SplittableRandom random = new SplittableRandom(model.hashCode() * 31L + text.hashCode());
        g.writeArrayFieldStart("context");
        for (int i = 0; i < length; i++) {
            g.writeNumber(random.nextInt(VOCABULARY));
        }
        g.writeEndArray();
    }

    private static byte[] line(byte[] json) {
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }
}
