package dev.ollamaperf.client.transport;

import dev.ollamaperf.client.internal.transport.OllamaTransport;
import java.util.Map;
import java.util.Objects;

/**
 * A request that a proxy passes through unchanged, for {@link OllamaTransport#forward}.
 *
 * @param method  the HTTP method, e.g. {@code GET} or {@code POST}
 * @param path    the path as it goes on the wire (percent-encoded), starting with {@code /}
 * @param query   the query as it goes on the wire, without {@code ?}; {@code ""} for none
 * @param headers headers to send, name to value (OkHttp adds the framing ones: Host, Content-Length, ...)
 * @param body    the body, empty for none; not copied. {@code GET} and {@code HEAD} send none whatever it holds
 */
public record ForwardRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {

    /** Checks the method and the path's form; messages name the field, the rule and the value. */
    public ForwardRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
        if (!method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("forwarded method must be upper-case letters, got: '" + method + "'");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("forwarded path must start with '/', got: '" + path + "'");
        }
        headers = Map.copyOf(headers);
    }

    /** Whether the method carries a body (OkHttp refuses one on {@code GET} and {@code HEAD}). */
    public boolean hasBody() {
        return !method.equals("GET") && !method.equals("HEAD");
    }
}
