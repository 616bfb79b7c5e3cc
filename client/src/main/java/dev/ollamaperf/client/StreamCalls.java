package dev.ollamaperf.client;

import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.codec.OllamaCodecs;
import dev.ollamaperf.client.resilience.Progress;
import dev.ollamaperf.client.resilience.Served;
import dev.ollamaperf.client.stream.NdjsonDecoder;
import dev.ollamaperf.client.stream.StreamAggregate;
import dev.ollamaperf.client.stream.StreamListener;
import dev.ollamaperf.client.transport.CallControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The streamed native calls of {@link OllamaClient}: cache replay or pipeline, a listener wrapper that marks
 * delivery (so nothing is retried after the caller saw output) and collects the text pieces for the cache.
 * Timings are relative to the call's start, before any wait, so TTFT includes queueing (what the user sees).
 */
final class StreamCalls {

    private final OllamaClient client;
    private final OllamaCodecs codecs;

    StreamCalls(OllamaClient client) {
        this.client = client;
        this.codecs = client.codecs();
    }

    StreamAggregate generate(GenerateRequest r, StreamListener<? super GenerateResponse> listener,
                             CallControl control) {
        long start = client.nanoClock().getAsLong();
        Progress progress = new Progress();
        List<String> pieces = new ArrayList<>();
        StreamListener<GenerateResponse> wrapped = (c, t) -> {
            progress.markDelivered();
            if (!c.response().isEmpty()) {
                pieces.add(c.response());
            }
            listener.onChunk(c, t);
        };
        CacheHook cache = client.cache();
        if (cache != null) {
            Optional<StreamAggregate> hit = cache.replay(EndpointKind.GENERATE, codecs.generateRequest(),
                    r.withStream(false), r.model(),
                    NdjsonDecoder.generate(codecs, listener, client.nanoClock(), start));
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Served<StreamAggregate> served = client.pipeline().modelCall(r.model(), true, progress,
                m -> client.transport().stream("/api/generate", codecs.generateRequest().encode(r.withModel(m)),
                        NdjsonDecoder.generate(codecs, wrapped, client.nanoClock(), start), control),
                StreamAggregate::ttftNanos, a -> a.metrics().outputTokensPerSecond());
        StreamAggregate a = served.value();
        if (cache != null && !served.fellBack() && a.thinking().isEmpty()) {
            GenerateResponse body = new GenerateResponse(a.model(), null, a.text(), null, true, a.doneReason(), null,
                    a.toolCalls().isEmpty() ? null : a.toolCalls(), a.metrics());
            cache.storeStream(EndpointKind.GENERATE, codecs.generateRequest(), r.withStream(false),
                    codecs.generateResponse().encode(body), pieces);
        }
        return a;
    }

    StreamAggregate chat(ChatRequest r, StreamListener<? super ChatResponse> listener, CallControl control) {
        long start = client.nanoClock().getAsLong();
        Progress progress = new Progress();
        List<String> pieces = new ArrayList<>();
        StreamListener<ChatResponse> wrapped = (c, t) -> {
            progress.markDelivered();
            if (!c.message().content().isEmpty()) {
                pieces.add(c.message().content());
            }
            listener.onChunk(c, t);
        };
        CacheHook cache = client.cache();
        if (cache != null) {
            Optional<StreamAggregate> hit = cache.replay(EndpointKind.CHAT, codecs.chatRequest(),
                    r.withStream(false), r.model(),
                    NdjsonDecoder.chat(codecs, listener, client.nanoClock(), start));
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Served<StreamAggregate> served = client.pipeline().modelCall(r.model(), true, progress,
                m -> client.transport().stream("/api/chat", codecs.chatRequest().encode(r.withModel(m)),
                        NdjsonDecoder.chat(codecs, wrapped, client.nanoClock(), start), control),
                StreamAggregate::ttftNanos, a -> a.metrics().outputTokensPerSecond());
        StreamAggregate a = served.value();
        if (cache != null && !served.fellBack() && a.thinking().isEmpty()) {
            ChatMessage message = new ChatMessage("assistant", a.text(), null, null,
                    a.toolCalls().isEmpty() ? null : a.toolCalls(), null, null);
            ChatResponse body = new ChatResponse(a.model(), null, message, true, a.doneReason(), a.metrics());
            cache.storeStream(EndpointKind.CHAT, codecs.chatRequest(), r.withStream(false),
                    codecs.chatResponse().encode(body), pieces);
        }
        return a;
    }
}
