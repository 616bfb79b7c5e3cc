package dev.ollamaperf.client.internal.codec;

import static dev.ollamaperf.client.internal.codec.JsonValues.decimal;
import static dev.ollamaperf.client.internal.codec.JsonValues.field;
import static dev.ollamaperf.client.internal.codec.JsonValues.integer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ollamaperf.client.api.Options;
import java.io.IOException;
import java.util.Map;

/** Streaming read/write of {@link Options}: documented keys typed, every other key kept in {@code extra}. */
final class OptionsCodec {

    private OptionsCodec() {}

    static void write(JsonGenerator g, Options o) throws IOException {
        g.writeStartObject();
        field(g, "num_predict", o.numPredict());
        field(g, "temperature", o.temperature());
        field(g, "top_k", o.topK());
        field(g, "top_p", o.topP());
        field(g, "min_p", o.minP());
        field(g, "typical_p", o.typicalP());
        field(g, "repeat_last_n", o.repeatLastN());
        field(g, "repeat_penalty", o.repeatPenalty());
        field(g, "presence_penalty", o.presencePenalty());
        field(g, "frequency_penalty", o.frequencyPenalty());
        field(g, "num_ctx", o.numCtx());
        field(g, "num_batch", o.numBatch());
        field(g, "num_gpu", o.numGpu());
        field(g, "main_gpu", o.mainGpu());
        field(g, "num_thread", o.numThread());
        field(g, "use_mmap", o.useMmap());
        field(g, "num_keep", o.numKeep());
        field(g, "seed", o.seed());
        JsonValues.strings(g, "stop", o.stop());
        field(g, "draft_num_predict", o.draftNumPredict());
        for (Map.Entry<String, Object> e : o.extra().entrySet()) {
            g.writeFieldName(e.getKey());
            g.writeObject(e.getValue());
        }
        g.writeEndObject();
    }

    /** Writes {@code "options":{...}} unless the options are null or empty. */
    static void writeField(JsonGenerator g, Options o) throws IOException {
        if (o != null && !o.isEmpty()) {
            g.writeFieldName("options");
            write(g, o);
        }
    }

    static Options read(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonValues.expect(p, JsonToken.START_OBJECT, "an object");
        Options.Builder b = Options.builder();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            readField(p, name, b);
        }
        return b.build();
    }

    private static void readField(JsonParser p, String name, Options.Builder b) throws IOException {
        switch (name) {
            case "num_predict":
                b.numPredict(integer(p));
                break;
            case "temperature":
                b.temperature(decimal(p));
                break;
            case "top_k":
                b.topK(integer(p));
                break;
            case "top_p":
                b.topP(decimal(p));
                break;
            case "min_p":
                b.minP(decimal(p));
                break;
            case "typical_p":
                b.typicalP(decimal(p));
                break;
            case "repeat_last_n":
                b.repeatLastN(integer(p));
                break;
            case "repeat_penalty":
                b.repeatPenalty(decimal(p));
                break;
            case "presence_penalty":
                b.presencePenalty(decimal(p));
                break;
            case "frequency_penalty":
                b.frequencyPenalty(decimal(p));
                break;
            case "num_ctx":
                b.numCtx(integer(p));
                break;
            case "num_batch":
                b.numBatch(integer(p));
                break;
            case "num_gpu":
                b.numGpu(integer(p));
                break;
            case "main_gpu":
                b.mainGpu(integer(p));
                break;
            case "num_thread":
                b.numThread(integer(p));
                break;
            case "use_mmap":
                b.useMmap(JsonValues.bool(p));
                break;
            case "num_keep":
                b.numKeep(integer(p));
                break;
            case "seed":
                b.seed(integer(p));
                break;
            case "stop":
                b.stop(JsonValues.strings(p));
                break;
            case "draft_num_predict":
                b.draftNumPredict(integer(p));
                break;
            default:
                b.extra(name, p.readValueAs(Object.class));
        }
    }
}
