package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ollamaperf.emulator.engine.Completion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * {@code /v1/chat/completions} in Ollama v0.32.6+'s wire format: SSE events {@code data: <json>}
 * with the role on the first chunk only, a separate finish chunk with {@code "delta":{}}, an
 * optional usage chunk with {@code "choices":[]}, then {@code data: [DONE]}; every chunk carries
 * the same {@code id} and {@code created}. Errors take OpenAI's {@code {"error":{...}}} shape.
 */
final class OpenAiFormat implements ResponseFormat {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final String model;
    private final String id;
    private final long created;
    private final boolean includeUsage;
    private final boolean callsTools;

    /**
     * @param model        the model name as requested
     * @param id           {@code chatcmpl-N}, N in 0..998 (Ollama's ids are not unique)
     * @param created      Unix seconds, the same on every chunk
     * @param includeUsage {@code stream_options.include_usage}
     * @param callsTools   the answer is a tool call: a whole answer finishes with {@code tool_calls}
     */
    OpenAiFormat(String model, String id, long created, boolean includeUsage, boolean callsTools) {
        this.model = Objects.requireNonNull(model, "model");
        this.id = Objects.requireNonNull(id, "id");
        this.created = created;
        this.includeUsage = includeUsage;
        this.callsTools = callsTools;
    }

    @Override
    public String streamContentType() {
        return "text/event-stream";
    }

    @Override
    public byte[] tokenChunk(String text, boolean first) {
        return delta(text, "", first);
    }

    /** Ollama's reasoning chunk: the thinking in {@code delta.reasoning}, {@code content} kept as "". */
    @Override
    public byte[] thinkingChunk(String text, boolean first) {
        return delta("", text, first);
    }

    /** Ollama's tool-call chunk: {@code delta.tool_calls} with the arguments as a JSON string, content "". */
    @Override
    public byte[] toolCallChunk(List<ToolCall> calls, boolean first) {
        return event(JsonSupport.bytes(g -> {
            chunkHead(g);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            if (first) {
                g.writeStringField("role", "assistant");
            }
            g.writeStringField("content", "");
            toolCalls(g, calls);
            g.writeEndObject();
            g.writeNullField("finish_reason");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /** OpenAI's {@code tool_calls}: {@code type} "function" and the arguments as a string. */
    private static void toolCalls(JsonGenerator g, List<ToolCall> calls) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (ToolCall call : calls) {
            g.writeStartObject();
            g.writeStringField("id", call.id());
            g.writeNumberField("index", call.index());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", call.name());
            g.writeStringField("arguments", call.arguments().toString());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private byte[] delta(String text, String reasoning, boolean first) {
        return event(JsonSupport.bytes(g -> {
            chunkHead(g);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            if (first) {
                g.writeStringField("role", "assistant");
            }
            g.writeStringField("content", text);
            if (!reasoning.isEmpty()) {
                g.writeStringField("reasoning", reasoning);
            }
            g.writeEndObject();
            g.writeNullField("finish_reason");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    @Override
    public byte[] finalChunk(Completion completion) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(event(JsonSupport.bytes(g -> {
            chunkHead(g);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            g.writeEndObject();
            g.writeStringField("finish_reason", finishReason(completion));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        })));
        if (includeUsage) {
            out.writeBytes(event(JsonSupport.bytes(g -> {
                chunkHead(g);
                g.writeArrayFieldStart("choices");
                g.writeEndArray();
                usage(g, completion);
                g.writeEndObject();
            })));
        }
        out.writeBytes(DONE);
        return out.toByteArray();
    }

    @Override
    public byte[] fullResponse(Reply reply, Completion completion) {
        return JsonSupport.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("object", "chat.completion");
            g.writeNumberField("created", created);
            g.writeStringField("model", model);
            g.writeStringField("system_fingerprint", "fp_ollama");
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", reply.content());
            if (!reply.thinking().isEmpty()) {
                g.writeStringField("reasoning", reply.thinking());
            }
            if (!reply.toolCalls().isEmpty()) {
                toolCalls(g, reply.toolCalls());
            }
            g.writeEndObject();
            g.writeStringField("finish_reason", finishReason(completion));
            g.writeEndObject();
            g.writeEndArray();
            usage(g, completion);
            g.writeEndObject();
        });
    }

    /**
     * Ollama's SSE writer turns the native {@code {"error":...}} line into an empty content
     * chunk (docs/ollama-api.md §4); the stream then ends with no finish chunk and no [DONE].
     */
    @Override
    public byte[] midStreamError(String message) {
        return tokenChunk("", false);
    }

    @Override
    public byte[] errorBody(int status, String message) {
        return error(status, message);
    }

    /** OpenAI's error object: type by status, {@code param} and {@code code} null. */
    static byte[] error(int status, String message) {
        String type = status == 400 ? "invalid_request_error" : status == 404 ? "not_found_error" : "api_error";
        return JsonSupport.bytes(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message);
            g.writeStringField("type", type);
            g.writeNullField("param");
            g.writeNullField("code");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private void chunkHead(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
        g.writeStringField("system_fingerprint", "fp_ollama");
    }

    private static void usage(JsonGenerator g, Completion c) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", c.promptEvalCount());
        g.writeNumberField("completion_tokens", c.evalCount());
        g.writeNumberField("total_tokens", c.promptEvalCount() + c.evalCount());
        g.writeEndObject();
    }

    /** {@code length}, else {@code tool_calls} for a whole tool call, else {@code stop} (docs/ollama-api.md §4). */
    private String finishReason(Completion c) {
        return "length".equals(c.doneReason()) ? "length" : callsTools ? "tool_calls" : "stop";
    }

    private static byte[] event(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 8);
        out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(json);
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
