package dev.ollamaperf.client.internal;

import dev.ollamaperf.client.CallControl;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.resilience.DeliveryFlag;
import dev.ollamaperf.client.internal.resilience.Served;
import dev.ollamaperf.client.internal.stream.NdjsonDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The streamed native calls of {@link dev.ollamaperf.client.OllamaClient}: cache replay or pipeline, a listener
 * wrapper that marks delivery (so nothing is retried after the caller saw output) and, when the client has a cache,
 * collects the text pieces for it.
 * Timings are relative to the call's start, before any wait, so TTFT includes queueing (what the user sees).
 */
public final class StreamCalls {

    private final OllamaCodecs codecs;
    private final Pipeline pipeline;
    private final CacheHook cache; // null when the client has no cache
    private final LongSupplier nanoClock;

    public StreamCalls(OllamaCodecs codecs, Pipeline pipeline, CacheHook cache, LongSupplier nanoClock) {
        this.codecs = codecs;
        this.pipeline = pipeline;
        this.cache = cache;
        this.nanoClock = nanoClock;
    }

    public StreamAggregate generate(
            GenerateRequest r, StreamListener<? super GenerateResponse> listener, CallControl control) {
        long start = nanoClock.getAsLong();
        DeliveryFlag delivery = new DeliveryFlag();
        CacheKey key = cache == null ? null : cache.cacheableKey(EndpointKind.GENERATE, codecs.generateRequest(), r);
        // The text pieces are kept only for a cache to store: with no cache or an uncacheable request, none are.
        List<String> pieces = key == null ? null : new ArrayList<>();
        StreamListener<GenerateResponse> wrapped = (c, t) -> {
            delivery.markDelivered();
            if (pieces != null && !c.response().isEmpty()) {
                pieces.add(c.response());
            }
            listener.onChunk(c, t);
        };
        if (key != null) {
            Optional<StreamAggregate> hit =
                    cache.replayGenerate(key, r.model(), NdjsonDecoder.generate(codecs, listener, nanoClock, start));
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Served<StreamAggregate> served = pipeline.modelCall(
                r.model(),
                true,
                delivery,
                (t, m) -> t.stream(
                        "/api/generate",
                        codecs.generateRequest().encode(r.withModel(m)),
                        NdjsonDecoder.generate(codecs, wrapped, nanoClock, start),
                        control),
                StreamAggregate::ttftNanos,
                a -> a.metrics().outputTokensPerSecond());
        StreamAggregate a = served.value();
        if (key != null && !served.fellBack() && a.thinking().isEmpty()) {
            GenerateResponse body = new GenerateResponse(
                    a.model(),
                    null,
                    a.text(),
                    null,
                    true,
                    a.doneReason(),
                    null,
                    a.toolCalls().isEmpty() ? null : a.toolCalls(),
                    a.metrics());
            cache.storeStream(
                    EndpointKind.GENERATE, key, codecs.generateResponse().encode(body), pieces);
        }
        return a;
    }

    public StreamAggregate chat(ChatRequest r, StreamListener<? super ChatResponse> listener, CallControl control) {
        long start = nanoClock.getAsLong();
        DeliveryFlag delivery = new DeliveryFlag();
        CacheKey key = cache == null ? null : cache.cacheableKey(EndpointKind.CHAT, codecs.chatRequest(), r);
        // The text pieces are kept only for a cache to store: with no cache or an uncacheable request, none are.
        List<String> pieces = key == null ? null : new ArrayList<>();
        StreamListener<ChatResponse> wrapped = (c, t) -> {
            delivery.markDelivered();
            if (pieces != null && !c.message().content().isEmpty()) {
                pieces.add(c.message().content());
            }
            listener.onChunk(c, t);
        };
        // Nobody looks at the chunks (no listener, no text pieces to store): they need not be made.
        boolean aggregateOnly = pieces == null && listener == StreamListener.ignoring();
        if (key != null) {
            Optional<StreamAggregate> hit =
                    cache.replayChat(key, r.model(), NdjsonDecoder.chat(codecs, listener, nanoClock, start));
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Served<StreamAggregate> served = pipeline.modelCall(
                r.model(),
                true,
                delivery,
                (t, m) -> t.stream(
                        "/api/chat",
                        codecs.chatRequest().encode(r.withModel(m)),
                        aggregateOnly
                                ? NdjsonDecoder.chatAggregate(
                                        codecs, wrapped, delivery::markDelivered, nanoClock, start)
                                : NdjsonDecoder.chat(codecs, wrapped, nanoClock, start),
                        control),
                StreamAggregate::ttftNanos,
                a -> a.metrics().outputTokensPerSecond());
        StreamAggregate a = served.value();
        if (key != null && !served.fellBack() && a.thinking().isEmpty()) {
            ChatMessage message = new ChatMessage(
                    "assistant", a.text(), null, null, a.toolCalls().isEmpty() ? null : a.toolCalls(), null, null);
            ChatResponse body = new ChatResponse(a.model(), null, message, true, a.doneReason(), a.metrics());
            cache.storeStream(EndpointKind.CHAT, key, codecs.chatResponse().encode(body), pieces);
        }
        return a;
    }
}
