package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * The destructive endpoints, which this server refuses and counts, and the introspection
 * endpoints outside Ollama's namespace ({@code /_emulator/...}).
 */
final class AdminEndpoints {

    /** Status of a refused destructive call: the server understood and will not do it. */
    static final HttpResponseStatus REFUSED = HttpResponseStatus.FORBIDDEN;

    private final InferenceEngine engine;

    AdminEndpoints(InferenceEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * pull, push, create, copy, delete, blobs: changes nothing, records the call, answers 403
     * {@code {"error":"..."}} as a server that may not write its model store would.
     */
    void destructive(Request request, Exchange exchange) {
        engine.recordDestructiveCall(request.path());
        exchange.respond(
                REFUSED,
                ModelEndpoints.JSON,
                JsonSupport.error("the ollama-perf emulator refuses destructive " + "calls: " + request.method() + " "
                        + request.path() + " changes nothing here"));
    }

    /** {@code GET /_emulator/stats}: the engine's counters as JSON. */
    void stats(Request request, Exchange exchange) {
        byte[] body;
        try {
            body = JsonSupport.MAPPER.writeValueAsBytes(engine.stats());
        } catch (JsonProcessingException e) {
            throw new ApiException(500, "cannot render engine stats: " + e.getOriginalMessage());
        }
        exchange.respond(HttpResponseStatus.OK, ModelEndpoints.JSON, body);
    }

    /** {@code POST /_emulator/reset-peaks}: peaks back to current values, lateness cleared; 204. */
    void resetPeaks(Request request, Exchange exchange) {
        engine.resetPeaks();
        exchange.respond(HttpResponseStatus.NO_CONTENT, ModelEndpoints.JSON, new byte[0]);
    }
}
