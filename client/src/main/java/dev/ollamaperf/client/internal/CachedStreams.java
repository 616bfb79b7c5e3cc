package dev.ollamaperf.client.internal;

import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.internal.stream.NdjsonDecoder;
import java.util.List;

/**
 * A cached native answer replayed as typed chunks: exactly the objects the NDJSON lines of
 * {@code ResponseReplay.stream} decode to (an optional thinking chunk, one chunk per stored piece, then the final
 * body with its text emptied and its thinking removed; the requested model's name and the replay's time on every
 * chunk), built from the stored pieces and the decoded body instead of writing those lines and parsing them back.
 * {@code CacheHookTest} holds the two paths equal.
 */
final class CachedStreams {

    private CachedStreams() {}

    static void chat(
            List<String> pieces, ChatResponse body, String model, String createdAt, NdjsonDecoder<ChatResponse> to) {
        ChatMessage message = body.message();
        boolean thinking = message.thinking() != null && !message.thinking().isEmpty();
        to.expect(pieces.size() + (thinking ? 1 : 0), message.content().length());
        if (thinking) {
            to.deliver(new ChatResponse(
                    model,
                    createdAt,
                    new ChatMessage("assistant", "", message.thinking(), null, null, null, null),
                    false,
                    null,
                    Metrics.NONE));
        }
        for (String piece : pieces) {
            to.deliver(new ChatResponse(
                    model,
                    createdAt,
                    new ChatMessage("assistant", piece, null, null, null, null, null),
                    false,
                    null,
                    Metrics.NONE));
        }
        ChatMessage last = new ChatMessage(
                message.role(),
                "",
                null,
                message.images(),
                message.toolCalls(),
                message.toolName(),
                message.toolCallId());
        to.deliver(new ChatResponse(model, createdAt, last, body.done(), body.doneReason(), body.metrics()));
    }

    static void generate(
            List<String> pieces,
            GenerateResponse body,
            String model,
            String createdAt,
            NdjsonDecoder<GenerateResponse> to) {
        boolean thinking = body.thinking() != null && !body.thinking().isEmpty();
        to.expect(pieces.size() + (thinking ? 1 : 0), body.response().length());
        if (thinking) {
            to.deliver(new GenerateResponse(model, createdAt, "", body.thinking(), false, null, null, null, null));
        }
        for (String piece : pieces) {
            to.deliver(new GenerateResponse(model, createdAt, piece, null, false, null, null, null, null));
        }
        to.deliver(new GenerateResponse(
                model,
                createdAt,
                "",
                null,
                body.done(),
                body.doneReason(),
                body.context(),
                body.toolCalls(),
                body.metrics()));
    }
}
