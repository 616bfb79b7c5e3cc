package dev.ollamaperf.emulator.http;

import dev.ollamaperf.emulator.engine.Completion;
import dev.ollamaperf.emulator.engine.EngineError;
import dev.ollamaperf.emulator.engine.TokenSink;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

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
    private final StringBuilder thinking = new StringBuilder();
    /** The calls the answer's tokens spell (held back until complete), or empty for a text answer. */
    private final List<ToolCall> toolCalls;

    private final int toolCallTokens;
    private int answerTokens;
    private boolean anyToken;

    /**
     * @param exchange where to write
     * @param format   the endpoint's wire format
     * @param stream   true for a chunked stream, false for one object at the end
     * @param plan     what the answer is made of (its tool calls, and how many tokens spell them)
     */
    ResponseSink(Exchange exchange, ResponseFormat format, boolean stream, AnswerPlan plan) {
        this.exchange = exchange;
        this.format = format;
        this.stream = stream;
        this.toolCalls = plan.toolCalls();
        this.toolCallTokens = toolCalls.isEmpty() ? 0 : plan.output().content().size();
    }

    @Override
    public void onToken(String token) {
        exchange.executor().execute(() -> token(token));
    }

    @Override
    public void onThinking(String token) {
        exchange.executor().execute(() -> thinking(token));
    }

    @Override
    public void onDone(Completion completion) {
        exchange.executor().execute(() -> done(completion));
    }

    @Override
    public void onError(EngineError error) {
        exchange.executor().execute(() -> error(error));
    }

    private void thinking(String token) {
        if (exchange.finished()) {
            return;
        }
        if (stream) {
            exchange.startStream(format.streamContentType());
            exchange.chunk(format.thinkingChunk(token, !anyToken));
        } else {
            thinking.append(token);
        }
        anyToken = true;
    }

    private void token(String token) {
        if (exchange.finished()) {
            return;
        }
        answerTokens++;
        if (!toolCalls.isEmpty()) {
            // Ollama's tool parser holds a call's text back until the call is complete (done() sends it)
            text.append(token);
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
        boolean called = !toolCalls.isEmpty() && answerTokens == toolCallTokens;
        if (stream && !isLoadOrUnload(completion)) {
            exchange.startStream(format.streamContentType());
            if (called) {
                exchange.chunk(format.toolCallChunk(toolCalls, !anyToken));
            } else if (!toolCalls.isEmpty() && text.length() > 0) {
                // a call cut short by num_predict is not a call: its text comes out as content
                exchange.chunk(format.tokenChunk(text.toString(), !anyToken));
            }
            exchange.chunk(format.finalChunk(completion));
            exchange.endStream(false);
        } else {
            Reply reply = called
                    ? new Reply("", thinking.toString(), toolCalls)
                    : new Reply(text.toString(), thinking.toString(), List.of());
            exchange.respond(
                    HttpResponseStatus.OK, "application/json; charset=utf-8", format.fullResponse(reply, completion));
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
