package dev.ollamaperf.client.internal.codec;

import static dev.ollamaperf.client.internal.codec.JsonValues.bool;
import static dev.ollamaperf.client.internal.codec.JsonValues.field;
import static dev.ollamaperf.client.internal.codec.JsonValues.longOrZero;
import static dev.ollamaperf.client.internal.codec.JsonValues.string;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.api.ToolCall;
import java.io.IOException;
import java.util.List;

/**
 * Hand-written streaming codec for {@code /api/generate}: the hottest path (one decode per streamed token), so no
 * databind, no intermediate tree, no per-call reflection.
 */
final class GenerateCodec {

    /**
     * The model name of the last response read, on any thread: a stream repeats it on every chunk, so a chunk
     * naming the same model gets this string instead of a new one. Only a cache: any value is correct.
     */
    private static volatile String lastModel = "";

    private GenerateCodec() {}

    static void writeRequest(JsonGenerator g, GenerateRequest r) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", r.model());
        field(g, "prompt", r.prompt());
        field(g, "suffix", r.suffix());
        field(g, "system", r.system());
        field(g, "template", r.template());
        JsonValues.ints(g, "context", r.context());
        field(g, "stream", r.stream());
        field(g, "raw", r.raw());
        JsonValues.format(g, r.format());
        JsonValues.keepAlive(g, r.keepAlive());
        JsonValues.strings(g, "images", r.images());
        OptionsCodec.writeField(g, r.options());
        JsonValues.think(g, r.think());
        field(g, "truncate", r.truncate());
        field(g, "shift", r.shift());
        field(g, "logprobs", r.logprobs());
        field(g, "top_logprobs", r.topLogprobs());
        g.writeEndObject();
    }

    static GenerateRequest readRequest(JsonParser p) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "a generate request object");
        GenerateRequest.Builder b = GenerateRequest.builder("");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "model":
                    b.model(nullToEmpty(string(p)));
                    break;
                case "prompt":
                    b.prompt(string(p));
                    break;
                case "suffix":
                    b.suffix(string(p));
                    break;
                case "system":
                    b.system(string(p));
                    break;
                case "template":
                    b.template(string(p));
                    break;
                case "context":
                    b.context(JsonValues.ints(p));
                    break;
                case "stream":
                    b.stream(bool(p));
                    break;
                case "raw":
                    b.raw(bool(p));
                    break;
                case "format":
                    b.format(JsonValues.format(p));
                    break;
                case "keep_alive":
                    b.keepAlive(JsonValues.keepAlive(p));
                    break;
                case "images":
                    b.images(JsonValues.strings(p));
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

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static void writeResponse(JsonGenerator g, GenerateResponse r) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", r.model());
        field(g, "created_at", r.createdAt());
        g.writeStringField("response", r.response());
        field(g, "thinking", r.thinking());
        g.writeBooleanField("done", r.done());
        field(g, "done_reason", r.doneReason());
        JsonValues.ints(g, "context", r.context());
        JsonValues.toolCalls(g, r.toolCalls());
        writeMetrics(g, r.metrics());
        g.writeEndObject();
    }

    static GenerateResponse readResponse(JsonParser p) throws IOException {
        JsonValues.expect(p, JsonToken.START_OBJECT, "a generate response object");
        String model = null;
        String createdAt = null;
        String response = null;
        String thinking = null;
        boolean done = false;
        String doneReason = null;
        List<Integer> context = null;
        List<ToolCall> toolCalls = null;
        MetricsFields m = null; // made on the first metric field: only the final chunk has them
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
                case "response":
                    response = string(p);
                    break;
                case "thinking":
                    thinking = string(p);
                    break;
                case "done":
                    done = p.currentToken() == JsonToken.VALUE_TRUE;
                    break;
                case "done_reason":
                    doneReason = string(p);
                    break;
                case "context":
                    context = JsonValues.ints(p);
                    break;
                case "tool_calls":
                    toolCalls = JsonValues.toolCalls(p);
                    break;
                case "error":
                    error = string(p);
                    break;
                default:
                    if (MetricsFields.isMetric(name)) {
                        if (m == null) {
                            m = new MetricsFields();
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
        return new GenerateResponse(
                model == null ? "" : model,
                createdAt,
                response,
                thinking,
                done,
                doneReason,
                context,
                toolCalls,
                (m == null ? Metrics.NONE : m.toMetrics()));
    }

    static void writeMetrics(JsonGenerator g, Metrics m) throws IOException {
        JsonValues.nonZero(g, "total_duration", m.totalDuration());
        JsonValues.nonZero(g, "load_duration", m.loadDuration());
        JsonValues.nonZero(g, "prompt_eval_count", m.promptEvalCount());
        JsonValues.nonZero(g, "prompt_eval_duration", m.promptEvalDuration());
        JsonValues.nonZero(g, "eval_count", m.evalCount());
        JsonValues.nonZero(g, "eval_duration", m.evalDuration());
    }

    /** Accumulates the six metric fields while a chunk is parsed, then makes one (or no) {@link Metrics}. */
    static final class MetricsFields {
        private long total;
        private long load;
        private long promptCount;
        private long promptDuration;
        private long evalCount;
        private long evalDuration;

        /** True for the names {@link #read} reads. */
        static boolean isMetric(String name) {
            switch (name) {
                case "total_duration":
                case "load_duration":
                case "prompt_eval_count":
                case "prompt_eval_duration":
                case "eval_count":
                case "eval_duration":
                    return true;
                default:
                    return false;
            }
        }

        /** Reads {@code name} if it is a metric field; false otherwise. */
        boolean read(JsonParser p, String name) throws IOException {
            switch (name) {
                case "total_duration":
                    total = longOrZero(p);
                    return true;
                case "load_duration":
                    load = longOrZero(p);
                    return true;
                case "prompt_eval_count":
                    promptCount = longOrZero(p);
                    return true;
                case "prompt_eval_duration":
                    promptDuration = longOrZero(p);
                    return true;
                case "eval_count":
                    evalCount = longOrZero(p);
                    return true;
                case "eval_duration":
                    evalDuration = longOrZero(p);
                    return true;
                default:
                    return false;
            }
        }

        Metrics toMetrics() {
            if ((total | load | promptCount | promptDuration | evalCount | evalDuration) == 0) {
                return Metrics.NONE;
            }
            return new Metrics(total, load, promptCount, promptDuration, evalCount, evalDuration);
        }
    }
}
