package dev.ollamaperf.client.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/show} response; any field may be {@code null} when absent.
 *
 * @param modelInfo GGUF keys, e.g. {@code "llama.context_length":131072}
 */
public record ShowResponse(
        String license,
        String modelfile,
        String parameters,
        String template,
        String system,
        ModelDetails details,
        Map<String, Object> modelInfo,
        List<String> capabilities,
        String modifiedAt) {

    public ShowResponse {
        modelInfo = modelInfo == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(modelInfo));
        capabilities = capabilities == null ? null : List.copyOf(capabilities);
    }
}
