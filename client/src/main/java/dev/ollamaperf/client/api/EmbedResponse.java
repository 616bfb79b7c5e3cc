package dev.ollamaperf.client.api;

import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/embed} response: one L2-normalised vector per input, in input order.
 *
 * @param model           model name as requested
 * @param embeddings      vectors (the arrays are shared, not copied: treat them as read-only)
 * @param totalDuration   nanoseconds, 0 when absent
 * @param loadDuration    nanoseconds, 0 when absent
 * @param promptEvalCount input tokens, 0 when absent
 */
public record EmbedResponse(
        String model, List<float[]> embeddings, long totalDuration, long loadDuration, long promptEvalCount) {

    public EmbedResponse {
        Objects.requireNonNull(model, "model");
        embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
    }
}
