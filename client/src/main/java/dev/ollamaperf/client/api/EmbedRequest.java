package dev.ollamaperf.client.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/embed} request (docs/ollama-api.md §1.4). {@code input} is always written as an array; a single
 * string is accepted when decoding.
 *
 * @param model      embedding model
 * @param input      texts to embed (may be empty: the server answers {@code "embeddings":[]})
 * @param truncate   {@code false} makes over-long input a 400; {@code null} = server default (true)
 * @param dimensions output dimensions, {@code null} = the model's
 * @param options    model options, {@code null} when absent
 * @param keepAlive  keep-alive, {@code null} when absent
 */
public record EmbedRequest(
        String model,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> input,

        Boolean truncate,
        Integer dimensions,
        Options options,
        KeepAlive keepAlive) {

    public EmbedRequest {
        Objects.requireNonNull(model, "model");
        input = input == null ? List.of() : List.copyOf(input);
        if (dimensions != null && dimensions < 1) {
            throw new IllegalArgumentException("'dimensions' must be >= 1, got: " + dimensions);
        }
    }

    /** Embeds the given texts with server defaults. */
    public static EmbedRequest of(String model, List<String> input) {
        return new EmbedRequest(model, input, null, null, null, null);
    }

    /** This request for another model (used by fallback). */
    public EmbedRequest withModel(String newModel) {
        return new EmbedRequest(newModel, input, truncate, dimensions, options, keepAlive);
    }
}
