package dev.ollamaperf.emulator.http;

import dev.ollamaperf.emulator.engine.Completion;
import dev.ollamaperf.emulator.engine.EngineError;
import dev.ollamaperf.emulator.engine.TokenSink;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Bridges the engine's callbacks to one HTTP exchange.
 *
 * <p>Implementation notes: the engine calls from its own threads and must never be blocked, so
 * each callback only enqueues a task on the connection's event loop; the event loop is a single
 * thread that runs tasks in submission order, so the per-request order of tokens and the
 * terminal call is preserved. Once the exchange is finished (client gone, or socket dropped),
 * late callbacks are ignored.
 */
final class ResponseSink implements TokenSink {

    private final Exchange exchange;
    private final ResponseFormat format;
    private final boolean stream;
    private final StringBuilder text = new StringBuilder();
    private boolean anyToken;

    /**
     * @param exchange where to write
     * @param format   the endpoint's wire format
     * @param stream   true for a chunked stream, false for one object at the end
     */
    ResponseSink(Exchange exchange, ResponseFormat format, boolean stream) {
        this.exchange = exchange;
        this.format = format;
        this.stream = stream;
    }

    @Override
    public void onToken(String token) {
        exchange.executor().execute(() -> token(token));
    }

    @Override
    public void onDone(Completion completion) {
        exchange.executor().execute(() -> done(completion));
    }

    @Override
    public void onError(EngineError error) {
        exchange.executor().execute(() -> error(error));
    }

    private void token(String token) {
        if (exchange.finished()) {
            return;
        }
        if (stream) {
            exchange.startStream(format.streamContentType());
            exchange.chunk(format.tokenChunk(token, !anyToken));
        } else {
            text.append(token);
        }
        anyToken = true;
    }

    private void done(Completion completion) {
        if (exchange.finished()) {
            return;
        }
        if (stream && !isLoadOrUnload(completion)) {
            exchange.startStream(format.streamContentType());
            exchange.chunk(format.finalChunk(completion));
            exchange.endStream(false);
        } else {
            exchange.respond(
                    HttpResponseStatus.OK,
                    "application/json; charset=utf-8",
                    format.fullResponse(text.toString(), completion));
        }
    }

    private void error(EngineError error) {
        if (exchange.finished()) {
            return;
        }
        if (error.dropConnection()) {
            exchange.abort();
        } else if (exchange.headersSent()) {
            exchange.chunk(format.midStreamError(error.message()));
            exchange.endStream(true);
        } else {
            exchange.respond(
                    HttpResponseStatus.valueOf(error.status()),
                    format.errorContentType(),
                    format.errorBody(error.status(), error.message()));
        }
    }

    private static boolean isLoadOrUnload(Completion completion) {
        return "load".equals(completion.doneReason()) || "unload".equals(completion.doneReason());
    }
}
