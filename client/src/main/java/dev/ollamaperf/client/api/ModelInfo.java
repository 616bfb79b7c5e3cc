package dev.ollamaperf.client.api;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code GET /api/tags}: a model present on the server.
 *
 * @param name         full name, e.g. {@code llama3.2:latest}
 * @param model        same as {@code name} on current servers
 * @param modifiedAt   RFC3339 text as sent
 * @param size         bytes on disk
 * @param digest       content digest
 * @param details      format details, {@code null} when absent
 * @param capabilities newer servers only, {@code null} when absent
 */
public record ModelInfo(
        String name,
        String model,
        String modifiedAt,
        long size,
        String digest,
        ModelDetails details,
        List<String> capabilities) {

    public ModelInfo {
        Objects.requireNonNull(name, "name");
        capabilities = capabilities == null ? null : List.copyOf(capabilities);
    }
}
