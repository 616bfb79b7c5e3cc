package dev.ollamaperf.emulator.http;

import dev.ollamaperf.emulator.engine.Completion;
import java.util.List;
import java.util.Objects;

/**
 * {@code /api/embed} ({@code "embeddings"}: one vector per input, with metrics) and the legacy
 * {@code /api/embeddings} ({@code "embedding"}: one vector, nothing else). Never streamed.
 */
final class EmbedFormat implements ResponseFormat {

    private final String model;
    private final List<float[]> vectors;
    private final boolean legacy;

    /**
     * @param model   the model name as requested
     * @param vectors the vectors to return (computed up front; they do not depend on timing)
     * @param legacy  true for {@code /api/embeddings}
     */
    EmbedFormat(String model, List<float[]> vectors, boolean legacy) {
        this.model = Objects.requireNonNull(model, "model");
        this.vectors = List.copyOf(vectors);
        this.legacy = legacy;
    }

    @Override
    public String streamContentType() {
        return "application/json; charset=utf-8";
    }

    @Override
    public byte[] tokenChunk(String text, boolean first) {
        return new byte[0];
    }

    @Override
    public byte[] thinkingChunk(String text, boolean first) {
        return new byte[0];
    }

    @Override
    public byte[] finalChunk(Completion completion) {
        return fullResponse(Reply.EMPTY, completion);
    }

    @Override
    public byte[] fullResponse(Reply reply, Completion completion) {
        return JsonSupport.bytes(g -> {
            g.writeStartObject();
            if (legacy) {
                g.writeFieldName("embedding");
                writeVector(g, vectors.isEmpty() ? new float[0] : vectors.get(0));
            } else {
                g.writeStringField("model", model);
                g.writeArrayFieldStart("embeddings");
                for (float[] vector : vectors) {
                    writeVector(g, vector);
                }
                g.writeEndArray();
                if (!vectors.isEmpty()) {
                    JsonSupport.nonZero(g, "total_duration", completion.totalNanos());
                    JsonSupport.nonZero(g, "load_duration", completion.loadNanos());
                    JsonSupport.nonZero(g, "prompt_eval_count", completion.promptEvalCount());
                }
            }
            g.writeEndObject();
        });
    }

    @Override
    public byte[] midStreamError(String message) {
        return JsonSupport.error(message);
    }

    @Override
    public byte[] errorBody(int status, String message) {
        return JsonSupport.error(message);
    }

    private static void writeVector(com.fasterxml.jackson.core.JsonGenerator g, float[] vector)
            throws java.io.IOException {
        g.writeStartArray();
        for (float v : vector) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }
}
