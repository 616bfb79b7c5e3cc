package dev.ollamaperf.emulator.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;

/**
 * One received request, copied out of Netty's buffers so handlers never touch reference counts.
 *
 * @param method the HTTP method
 * @param path   the path without the query string
 * @param body   the body bytes (empty when none)
 */
record Request(HttpMethod method, String path, byte[] body) {

    Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
    }
}
