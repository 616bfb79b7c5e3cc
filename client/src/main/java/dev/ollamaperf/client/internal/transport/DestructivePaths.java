package dev.ollamaperf.client.internal.transport;

import java.util.List;

/**
 * Ollama's endpoints that change the model store: pull, push, create, copy, delete and blobs. Neither the client
 * nor the gateway ever sends a request to one. A path is matched in its {@link PathNormalizer#normalize normalized}
 * form, so no spelling ({@code /api/generate/../pull}, {@code /api/./copy}, {@code /api/%64elete}) gets through,
 * and segment by segment, so a path below one ({@code /api/blobs/sha256:...}, {@code /api/pull/}) matches too.
 * Stateless.
 */
public final class DestructivePaths {

    /** The endpoints, as Ollama routes them. */
    public static final List<String> ENDPOINTS =
            List.of("/api/pull", "/api/push", "/api/create", "/api/copy", "/api/delete", "/api/blobs");

    private DestructivePaths() {}

    /** Whether {@code path} (raw or normalized; a query is ignored) addresses a destructive endpoint. */
    public static boolean isDestructive(String path) {
        String normalized = PathNormalizer.normalize(path);
        for (String endpoint : ENDPOINTS) {
            if (normalized.equals(endpoint) || normalized.startsWith(endpoint + "/")) {
                return true;
            }
        }
        return false;
    }
}
