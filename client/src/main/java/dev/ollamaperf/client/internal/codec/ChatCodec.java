package dev.ollamaperf.client.internal.codec;

import static dev.ollamaperf.client.internal.codec.JsonValues.bool;
import static dev.ollamaperf.client.internal.codec.JsonValues.field;
import static dev.ollamaperf.client.internal.codec.JsonValues.string;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.Metrics;
import java.io.IOException;

/** Hand-written streaming codec for {@code /api/chat} (one decode per streamed token). */
final class ChatCodec {

    /**
     * The model name of the last response read, on any thread: a stream repeats it on every chunk, so a chunk
     * naming the same model gets this string instead of a new one. Only a cache: any value is correct.
     */
    private static volatile String lastModel = "";

    private ChatCodec() {}

    static void writeRequest(JsonGenerator g, ChatRequest r) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", r.model());
        g.writeArrayFieldStart("messages");
        for (ChatMessage m : r.messages()) {
            JsonValues.message(g, m);
        }
        g.writeEndArray();
        field(g, "stream", r.stream());
        JsonValues.format(g, r.format());
        JsonValues.keepAlive(g, r.keepAlive());
        JsonValues.objects(g, "tools", r.tools());
        OptionsCodec.writeField(g, r.options());
        JsonValues.think(g, r.think());
        field(g, "truncate", r.truncate());
        field(g, "shift", r.shift());
        field(g, "logprobs", r.logprobs());
        field(g, "top_logprobs", r.topLogprobs());
        g.writeEndObject();
    }

    static ChatRequest readRequest(JsonParser p) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "a chat request object");
        ChatRequest.Builder b = ChatRequest.builder("");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "model":
                    b.model(GenerateCodec.nullToEmpty(string(p)));
                    break;
                case "messages":
                    b.messages(JsonValues.messages(p));
                    break;
                case "stream":
                    b.stream(bool(p));
                    break;
                case "format":
                    b.format(JsonValues.format(p));
                    break;
                case "keep_alive":
                    b.keepAlive(JsonValues.keepAlive(p));
                    break;
                case "tools":
                    b.tools(JsonValues.objects(p));
                    break;
                case "options":
                    b.options(OptionsCodec.read(p));
                    break;
                case "think":
                    b.think(JsonValues.think(p));
                    break;
                case "truncate":
                    b.truncate(bool(p));
                    break;
                case "shift":
                    b.shift(bool(p));
                    break;
                case "logprobs":
                    b.logprobs(bool(p));
                    break;
                case "top_logprobs":
                    b.topLogprobs(JsonValues.integer(p));
                    break;
                default:
                    p.skipChildren();
            }
        }
        return b.build();
    }

    static void writeResponse(JsonGenerator g, ChatResponse r) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", r.model());
        field(g, "created_at", r.createdAt());
        g.writeFieldName("message");
        JsonValues.message(g, r.message());
        g.writeBooleanField("done", r.done());
        field(g, "done_reason", r.doneReason());
        GenerateCodec.writeMetrics(g, r.metrics());
        g.writeEndObject();
    }

    static ChatResponse readResponse(JsonParser p) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "a chat response object");
        String model = null;
        String createdAt = null;
        ChatMessage message = null;
        boolean done = false;
        String doneReason = null;
        GenerateCodec.MetricsFields m = null; // made on the first metric field: only the final chunk has them
        String error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "model":
                    String known = lastModel;
                    model = string(p, known);
                    if (model != null && !model.equals(known)) {
                        lastModel = model;
                    }
                    break;
                case "created_at":
                    createdAt = string(p);
                    break;
                case "message":
                    message = JsonValues.message(p);
                    break;
                case "done":
                    done = p.currentToken() == JsonToken.VALUE_TRUE;
                    break;
                case "done_reason":
                    doneReason = string(p);
                    break;
                case "error":
                    error = string(p);
                    break;
                default:
                    if (GenerateCodec.MetricsFields.isMetric(name)) {
                        if (m == null) {
                            m = new GenerateCodec.MetricsFields();
                        }
                        m.read(p, name);
                    } else {
                        p.skipChildren();
                    }
            }
        }
        if (error != null) {
            throw new ErrorBodyException(error);
        }
        return new ChatResponse(
                model == null ? "" : model,
                createdAt,
                message,
                done,
                doneReason,
                (m == null ? Metrics.NONE : m.toMetrics()));
    }
}
