package dev.ollamaperf.client.cache;

/**
 * The Ollama endpoints whose answers the response cache may hold. The kind is part of the cache key,
 * so the same JSON sent to two endpoints never shares an entry, and it decides how a cached answer is
 * replayed as a stream (NDJSON for the native endpoints, server-sent events for {@code /v1}).
 */
public enum EndpointKind {
    /** {@code POST /api/generate}: the text is in {@code response}. */
    GENERATE("/api/generate", true),
    /** {@code POST /api/chat}: the text is in {@code message.content}. */
    CHAT("/api/chat", true),
    /** {@code POST /api/embed}: never streamed; always deterministic. */
    EMBED("/api/embed", false),
    /** {@code POST /v1/chat/completions}: OpenAI-compatible, streamed as server-sent events. */
    V1_CHAT("/v1/chat/completions", true);

    private final String path;
    private final boolean streamable;

    EndpointKind(String path, boolean streamable) {
        this.path = path;
        this.streamable = streamable;
    }

    /** The HTTP path of this endpoint, e.g. {@code /api/chat}. */
    public String path() {
        return path;
    }

    /** Whether a response of this endpoint can be streamed (and so replayed as a stream). */
    public boolean streamable() {
        return streamable;
    }

    /**
     * The endpoint served at {@code path}.
     *
     * @throws IllegalArgumentException naming the path and the known ones when none matches
     */
    public static EndpointKind forPath(String path) {
        for (EndpointKind kind : values()) {
            if (kind.path.equals(path)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("endpoint path must be one of /api/generate, /api/chat, "
                + "/api/embed, /v1/chat/completions; got: '" + path + "'");
    }
}
