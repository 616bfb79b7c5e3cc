package dev.ollamaperf.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.ResponseReplay;
import dev.ollamaperf.client.internal.codec.Codec;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.stream.StreamDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Where the response cache plugs into the client ({@code dev.ollamaperf.client.cache.ResponseCache}): requests
 * are looked up before the pipeline runs (a hit uses no permit, no rate token and no server time); answers are
 * stored after it, only when the requested model itself served them (never a fallback's answer under another
 * model's key). The cache's policy decides what is cacheable. Streamed hits are replayed through the same
 * decoder as a live stream, so listeners see the same chunk shapes. Thread-safe if the cache is.
 */
public final class CacheHook {

    private final ResponseCache cache;
    private final ResponseReplay replay;
    private final OllamaCodecs codecs;
    private final Clock clock;

    public CacheHook(ResponseCache cache, OllamaCodecs codecs, Clock clock) {
        this.cache = cache;
        this.replay = new ResponseReplay(clock);
        this.codecs = codecs;
        this.clock = clock;
    }

    /** The cached non-streamed answer to {@code request}, decoded. */
    public <Q, T> Optional<T> lookup(
            EndpointKind kind, Codec<Q> requestCodec, Q request, String model, Codec<T> answer) {
        return cache.lookup(kind, tree(requestCodec.encode(request)))
                .map(hit -> answer.decode(replay.body(hit, model)));
    }

    /** Stores a non-streamed answer. */
    public <Q, T> void store(EndpointKind kind, Codec<Q> requestCodec, Q request, Codec<T> answerCodec, T answer) {
        byte[] body = answerCodec.encode(answer);
        try {
            cache.store(kind, tree(requestCodec.encode(request)), CachedResponse.fromBody(kind, body, clock.instant()));
        } catch (IllegalArgumentException e) {
            // not a cacheable shape (e.g. a load-only answer): skip
        }
    }

    /** Replays a cached answer to a streamed request into {@code decoder}; empty on a miss. */
    public <Q> Optional<StreamAggregate> replay(
            EndpointKind kind, Codec<Q> requestCodec, Q request, String model, StreamDecoder decoder) {
        Optional<CachedResponse> hit = cache.lookup(kind, tree(requestCodec.encode(request)));
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> chunks = replay.streamBytes(hit.get(), model, false);
        for (byte[] chunk : chunks) {
            decoder.feed(chunk, 0, chunk.length);
        }
        return Optional.of(decoder.finish());
    }

    /** Stores a streamed answer whose final body is {@code body} and whose text came as {@code pieces}. */
    public <Q> void storeStream(EndpointKind kind, Codec<Q> requestCodec, Q request, byte[] body, List<String> pieces) {
        try {
            cache.store(
                    kind, tree(requestCodec.encode(request)), CachedResponse.of(kind, body, pieces, clock.instant()));
        } catch (IllegalArgumentException e) {
            // chunks and body disagree (e.g. thinking-only pieces): skip rather than store something wrong
        }
    }

    /** The key {@code request} is cached under (what {@link #lookup} and {@link #store} compute). */
    public <Q> CacheKey keyOf(EndpointKind kind, Codec<Q> requestCodec, Q request) {
        return cache.keyOf(kind, tree(requestCodec.encode(request)));
    }

    private JsonNode tree(byte[] json) {
        try {
            return codecs.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read an encoded request", e);
        }
    }
}
