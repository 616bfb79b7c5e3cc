package dev.ollamaperf.gateway;

import java.util.Map;
import java.util.Optional;

/**
 * Ollama's read-only endpoints that the gateway has no handler of its own for, and so passes through to the
 * upstream unchanged. The list is closed: a path not on it is never forwarded (404), whatever Ollama would do
 * with it, so an endpoint added to Ollama later reaches it through the gateway only once it is judged read-only
 * and added here. Paths are compared in their normalized form, exactly, never by prefix: {@code /api/embed} is
 * the gateway's own, {@code /api/embeddings} is forwarded.
 */
final class PassthroughRoutes {

    /**
     * One forwarded endpoint.
     *
     * @param method    the only method Ollama serves it with
     * @param runsModel whether it runs a model, and so holds one of the client's concurrency permits while it is
     *                  on the wire (the limit bounds what reaches Ollama through any endpoint)
     */
    record Route(String method, boolean runsModel) {}

    private static final Route INFERENCE = new Route("POST", true);
    private static final Route LISTING = new Route("GET", false);
    private static final String MODEL_PREFIX = "/v1/models/";

    private static final Map<String, Route> EXACT = Map.of(
            "/api/embeddings", INFERENCE,
            "/v1/completions", INFERENCE,
            "/v1/embeddings", INFERENCE,
            "/v1/responses", INFERENCE,
            "/v1/messages", INFERENCE,
            "/v1/models", LISTING);

    private PassthroughRoutes() {}

    /**
     * The route of a {@link dev.ollamaperf.client.internal.transport.PathNormalizer#normalize normalized} path, if
     * it is forwarded: one of the fixed paths, or {@code /v1/models/{model}} with a model name of one segment (as
     * Ollama routes it).
     */
    static Optional<Route> find(String path) {
        Route exact = EXACT.get(path);
        if (exact != null) {
            return Optional.of(exact);
        }
        boolean oneModel = path.startsWith(MODEL_PREFIX)
                && path.length() > MODEL_PREFIX.length()
                && path.indexOf('/', MODEL_PREFIX.length()) < 0;
        return oneModel ? Optional.of(LISTING) : Optional.empty();
    }
}
