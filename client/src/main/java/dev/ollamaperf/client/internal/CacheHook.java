package dev.ollamaperf.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.ResponseReplay;
import dev.ollamaperf.client.internal.cache.CacheJson;
import dev.ollamaperf.client.internal.cache.OllamaTime;
import dev.ollamaperf.client.internal.cache.RequestCanonicalizer;
import dev.ollamaperf.client.internal.cache.TypedMessageDigests;
import dev.ollamaperf.client.internal.codec.Codec;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.stream.NdjsonDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Where the response cache plugs into the client ({@code dev.ollamaperf.client.cache.ResponseCache}): requests
 * are looked up before the pipeline runs (a hit uses no permit, no rate token and no server time); answers are
 * stored after it, only when the requested model itself served them (never a fallback's answer under another
 * model's key). The cache's policy decides what is cacheable. Thread-safe if the cache is.
 *
 * <p>What it costs, per call ({@code CacheHookBenchmark}, {@code CacheReplayBenchmark}): the policy is asked
 * about the typed request, so a request it declines is never encoded; a cacheable chat request's key is hashed
 * from its typed messages, each message's digest remembered for the next turn of the conversation (only the small
 * rest goes through a JSON tree), the same key as the cache computes from the JSON; a streamed hit hands the stored pieces to the listener as the chunks a live stream decodes to
 * ({@link CachedStreams}), without writing and re-reading NDJSON.
 */
public final class CacheHook {

    private final ResponseCache cache;
    private final CachePolicy policy;
    private final RequestCanonicalizer canonicalizer = new RequestCanonicalizer(CacheJson.MAPPER);
    private final TypedMessageDigests messageDigests = new TypedMessageDigests();
    private final ResponseReplay replay;
    private final OllamaCodecs codecs;
    private final Clock clock;

    public CacheHook(ResponseCache cache, OllamaCodecs codecs, Clock clock) {
        this.cache = cache;
        this.policy = cache.policy();
        this.replay = new ResponseReplay(clock);
        this.codecs = codecs;
        this.clock = clock;
    }

    /**
     * The key {@code request} is cached under, or null when the policy declines it (counted as bypassed, like
     * {@link ResponseCache#lookup}). A typed chat or generate request is judged without encoding it.
     */
    public <Q> CacheKey cacheableKey(EndpointKind kind, Codec<Q> requestCodec, Q request) {
        Boolean cacheable = typedCacheable(request);
        if (cacheable == null) {
            JsonNode tree = tree(requestCodec.encode(request));
            cacheable = policy.isCacheable(kind, tree);
            if (cacheable) {
                return cache.keyOf(kind, tree);
            }
        }
        if (!cacheable) {
            cache.bypass();
            return null;
        }
        return keyOf(kind, requestCodec, request);
    }

    /** The key {@code request} is cached under, whatever the policy says. */
    public <Q> CacheKey keyOf(EndpointKind kind, Codec<Q> requestCodec, Q request) {
        if (kind == EndpointKind.CHAT && request instanceof ChatRequest && withoutToolCalls((ChatRequest) request)) {
            ChatRequest chat = (ChatRequest) request;
            ChatRequest envelope = chat.toBuilder().messages(List.of()).build();
            return canonicalizer.key(
                    kind, tree(codecs.chatRequest().encode(envelope)), chat.messages(), messageDigests);
        }
        return cache.keyOf(kind, tree(requestCodec.encode(request)));
    }

    /** The cached non-streamed answer to {@code request}, decoded; empty on a miss or when the policy declines. */
    public <Q, T> Optional<T> lookup(
            EndpointKind kind, Codec<Q> requestCodec, Q request, String model, Codec<T> answer) {
        return lookup(cacheableKey(kind, requestCodec, request), model, answer);
    }

    /** The non-streamed answer cached under {@code key} (null: not cacheable, a miss), decoded. */
    public <T> Optional<T> lookup(CacheKey key, String model, Codec<T> answer) {
        if (key == null) {
            return Optional.empty();
        }
        return cache.get(key).map(hit -> answer.decode(replay.body(hit, model)));
    }

    /** Stores a non-streamed answer under {@code key} (null: not cacheable, nothing stored). */
    public <T> void store(EndpointKind kind, CacheKey key, Codec<T> answerCodec, T answer) {
        if (key == null) {
            return;
        }
        byte[] body = answerCodec.encode(answer);
        try {
            put(key, CachedResponse.fromBody(kind, body, clock.instant()));
        } catch (IllegalArgumentException e) {
            // not a cacheable shape (e.g. a load-only answer): skip
        }
    }

    /** Replays the chat answer cached under {@code key} into {@code decoder}; empty on a miss (or a null key). */
    public Optional<StreamAggregate> replayChat(CacheKey key, String model, NdjsonDecoder<ChatResponse> decoder) {
        Optional<CachedResponse> hit = key == null ? Optional.empty() : cache.get(key);
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        ChatResponse body = codecs.chatResponse().decode(hit.get().bodyStream());
        CachedStreams.chat(hit.get().chunks(), body, model, OllamaTime.format(clock.instant()), decoder);
        return Optional.of(decoder.finish());
    }

    /** Replays the generate answer cached under {@code key}; see {@link #replayChat}. */
    public Optional<StreamAggregate> replayGenerate(
            CacheKey key, String model, NdjsonDecoder<GenerateResponse> decoder) {
        Optional<CachedResponse> hit = key == null ? Optional.empty() : cache.get(key);
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        GenerateResponse body = codecs.generateResponse().decode(hit.get().bodyStream());
        CachedStreams.generate(hit.get().chunks(), body, model, OllamaTime.format(clock.instant()), decoder);
        return Optional.of(decoder.finish());
    }

    /** Stores a streamed answer whose final body is {@code body} and whose text came as {@code pieces}. */
    public void storeStream(EndpointKind kind, CacheKey key, byte[] body, List<String> pieces) {
        if (key == null) {
            return;
        }
        try {
            put(key, CachedResponse.of(kind, body, pieces, clock.instant()));
        } catch (IllegalArgumentException e) {
            // chunks and body disagree (e.g. thinking-only pieces): skip rather than store something wrong
        }
    }

    /** What {@link ResponseCache#store} does once the policy said yes: only completions are kept. */
    private void put(CacheKey key, CachedResponse response) {
        if (response.isCompletion()) {
            cache.put(key, response);
        }
    }

    /**
     * Whether the policy caches a typed request, read from its fields as {@link CachePolicy#isCacheable(
     * EndpointKind, JsonNode)} reads them from its JSON; null when only the JSON can tell (another type, or a
     * temperature or seed among the options' extra keys, which the JSON writes after the typed ones).
     */
    private Boolean typedCacheable(Object request) {
        if (request instanceof ChatRequest) {
            ChatRequest chat = (ChatRequest) request;
            return typedCacheable(!chat.messages().isEmpty(), chat.options());
        }
        if (request instanceof GenerateRequest) {
            GenerateRequest generate = (GenerateRequest) request;
            return typedCacheable(
                    generate.prompt() != null && !generate.prompt().isEmpty(), generate.options());
        }
        return null;
    }

    private Boolean typedCacheable(boolean hasInput, Options options) {
        if (options == null) {
            return policy.isCacheable(hasInput, false);
        }
        if (options.extra().containsKey("temperature") || options.extra().containsKey("seed")) {
            return null;
        }
        return policy.isCacheable(hasInput, CachePolicy.isDeterministic(options.temperature(), options.seed()));
    }

    private static boolean withoutToolCalls(ChatRequest chat) {
        for (ChatMessage message : chat.messages()) {
            if (message.toolCalls() != null) {
                return false;
            }
        }
        return true;
    }

    private JsonNode tree(byte[] json) {
        try {
            return codecs.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read an encoded request", e);
        }
    }
}
