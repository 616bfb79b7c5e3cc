package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ollamaperf.client.CallControl;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.EmbedRequest;
import dev.ollamaperf.client.api.EmbedResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.openai.ChatCompletionChunk;
import dev.ollamaperf.client.api.openai.ChatCompletionRequest;
import dev.ollamaperf.client.api.openai.ChatCompletionResponse;
import dev.ollamaperf.client.api.openai.ChunkChoice;
import dev.ollamaperf.client.api.openai.Usage;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.ResponseReplay;
import dev.ollamaperf.client.cache.StreamRecorder;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * The model endpoints. Native generate and chat go through {@link OllamaClient}'s typed calls, which apply the
 * response cache (the gateway hands the client its cache), the rate limiter, fallback, retry and the concurrency
 * limiter; each chunk the client decodes is re-encoded and written at once. {@code /v1/chat/completions} and
 * {@code /api/embed} also go through the client (limiter, rate limit, retry; fallback for v1), but the client does
 * not cache them, so the gateway does, at the JSON level, with the same cache: hits are replayed with
 * {@link ResponseReplay}, streamed misses recorded with a {@link StreamRecorder}; an answer served by a fallback
 * model is never stored under the requested model's key.
 *
 * <p>Errors before the first chunk are answered with their status and Ollama's error body; after it, as Ollama
 * does, with one more line ({@code {"error":...}}, or an SSE event for v1) and the end of the stream.
 */
final class ModelCalls {

    private final OllamaClient client;
    private final OllamaCodecs codecs;
    private final ResponseCache cache;
    private final ResponseReplay replay;
    private final Clock clock;
    /** Tells whether the client served a native call from the cache; null when its cache is not probed. */
    private final CacheHitProbe hits;

    ModelCalls(OllamaClient client, OllamaCodecs codecs, ResponseCache cache, Clock clock) {
        this.client = client;
        this.hits = cache instanceof CacheHitProbe probe ? probe : null;
        this.codecs = codecs;
        this.cache = cache;
        this.replay = new ResponseReplay(clock);
        this.clock = clock;
    }

    void generate(HttpExchange exchange, byte[] body, JsonNode tree, TrafficObservation observed) throws IOException {
        GenerateRequest request = codecs.generateRequest().decode(body);
        if (!tree.path("stream").asBoolean(true)) {
            GenerateResponse answer = probed(observed, () -> client.generate(request));
            observed.answered(answer.model(), answer.metrics(), answer.response());
            send(exchange, observed, codecs.generateResponse().encode(answer));
            return;
        }
        StreamWriter writer = new StreamWriter(exchange, Exchanges.NDJSON, observed::firstByte);
        CallControl control = cancelledWhenCallerLeaves(exchange);
        stream(exchange, writer, false, observed, () -> {
            StreamAggregate a = probed(
                    observed,
                    () -> client.generate(
                            request,
                            (chunk, arrival) ->
                                    writer.write(line(codecs.generateResponse().encode(chunk))),
                            control));
            observed.answered(a.model(), a.metrics(), a.text());
        });
    }

    void chat(HttpExchange exchange, byte[] body, JsonNode tree, TrafficObservation observed) throws IOException {
        ChatRequest request = codecs.chatRequest().decode(body);
        if (!tree.path("stream").asBoolean(true)) {
            ChatResponse answer = probed(observed, () -> client.chat(request));
            observed.answered(answer.model(), answer.metrics(), answer.message().content());
            send(exchange, observed, codecs.chatResponse().encode(answer));
            return;
        }
        StreamWriter writer = new StreamWriter(exchange, Exchanges.NDJSON, observed::firstByte);
        CallControl control = cancelledWhenCallerLeaves(exchange);
        stream(exchange, writer, false, observed, () -> {
            StreamAggregate a = probed(
                    observed,
                    () -> client.chat(
                            request,
                            (chunk, arrival) ->
                                    writer.write(line(codecs.chatResponse().encode(chunk))),
                            control));
            observed.answered(a.model(), a.metrics(), a.text());
        });
    }

    void embed(HttpExchange exchange, byte[] body, JsonNode tree, TrafficObservation observed) throws IOException {
        String model = tree.path("model").asText("");
        Optional<CachedResponse> hit = cache.lookup(EndpointKind.EMBED, tree);
        if (hit.isPresent()) {
            observed.answeredFromCache(hit.get(), model);
            send(exchange, observed, replay.body(hit.get(), model));
            return;
        }
        observed.cacheHit(false);
        EmbedRequest request = codecs.embedRequest().decode(body);
        EmbedResponse embedded = client.embed(request);
        observed.answered(
                embedded.model(), embedded.promptEvalCount() > 0 ? embedded.promptEvalCount() : null, null, null);
        byte[] answer = codecs.embedResponse().encode(embedded);
        // Stored before the answer is sent (as every answer here): a caller that asks again once it has the answer
        // finds it cached; sent first, a quick repeat raced the store to Ollama (GatewayTest saw it).
        cache.store(EndpointKind.EMBED, tree, CachedResponse.fromBody(EndpointKind.EMBED, answer, clock.instant()));
        send(exchange, observed, answer);
    }

    void chatCompletion(HttpExchange exchange, byte[] body, JsonNode tree, TrafficObservation observed)
            throws IOException {
        String model = tree.path("model").asText("");
        boolean stream = tree.path("stream").asBoolean(false);
        boolean includeUsage = tree.path("stream_options").path("include_usage").asBoolean(false);
        Optional<CachedResponse> hit = cache.lookup(EndpointKind.V1_CHAT, tree);
        hit.ifPresentOrElse(h -> observed.answeredFromCache(h, model), () -> observed.cacheHit(false));
        if (hit.isPresent() && !stream) {
            send(exchange, observed, replay.body(hit.get(), model));
            return;
        }
        StreamWriter writer = new StreamWriter(exchange, Exchanges.SSE, observed::firstByte);
        if (hit.isPresent()) {
            stream(
                    exchange,
                    writer,
                    true,
                    observed,
                    () -> replay.stream(hit.get(), model, includeUsage).forEach(writer::write));
            return;
        }
        ChatCompletionRequest request = codecs.chatCompletionRequest().decode(body);
        if (!stream) {
            ChatCompletionResponse completion = client.chatCompletion(request);
            Usage usage = completion.usage();
            observed.answered(
                    completion.model(),
                    usage == null ? null : usage.promptTokens(),
                    usage == null ? null : usage.completionTokens(),
                    completion.choices().isEmpty()
                            ? null
                            : completion.choices().get(0).message().content());
            byte[] answer = codecs.chatCompletionResponse().encode(completion);
            storeIfServedAsAsked(tree, CachedResponse.fromBody(EndpointKind.V1_CHAT, answer, clock.instant()));
            send(exchange, observed, answer);
            return;
        }
        // Usage is always asked upstream, so the stored answer has it even when this caller did not ask (a later
        // non-streamed hit must carry usage); the usage chunk is then recorded but not forwarded.
        ChatCompletionRequest upstream = includeUsage ? request : request.withIncludeUsage();
        StreamRecorder recorder = new StreamRecorder(EndpointKind.V1_CHAT, clock);
        CallControl control = cancelledWhenCallerLeaves(exchange);
        StreamedCompletion seen = new StreamedCompletion();
        stream(exchange, writer, true, observed, () -> {
            client.chatCompletion(
                    upstream,
                    (chunk, arrival) -> {
                        seen.add(chunk);
                        byte[] json = codecs.chatCompletionChunk().encode(chunk);
                        recorder.accept(json);
                        if (includeUsage || !chunk.choices().isEmpty() || chunk.usage() == null) {
                            writer.write(event(json));
                        }
                    },
                    control);
            recorder.accept("[DONE]".getBytes(StandardCharsets.UTF_8));
            recorder.finish().ifPresent(answer -> storeIfServedAsAsked(tree, answer));
            writer.write("data: [DONE]\n\n");
            seen.reportTo(observed);
        });
    }

    private void storeIfServedAsAsked(JsonNode request, CachedResponse answer) {
        String asked = request.path("model").asText("");
        if (sameModel(asked, answer.model())) {
            cache.store(EndpointKind.V1_CHAT, request, answer);
        }
    }

    static boolean sameModel(String a, String b) {
        return withTag(a).equals(withTag(b));
    }

    private static String withTag(String model) {
        String last = model.substring(model.lastIndexOf('/') + 1);
        return last.indexOf(':') >= 0 ? model : model + ":latest";
    }

    /**
     * A control that cancels the upstream call when the caller's connection closes, whenever that is: while the
     * call waits for Ollama's first byte (a long prefill) as well as mid-stream. Without it a caller that left
     * before the first token was noticed only when that token could not be written.
     */
    private static CallControl cancelledWhenCallerLeaves(HttpExchange exchange) {
        CallControl control = new CallControl();
        if (exchange instanceof ChannelExchange) {
            ((ChannelExchange) exchange).whenCallerGone(control::cancel);
        }
        return control;
    }

    /** Runs a native call through the cache probe, noting whether the client served it from the cache. */
    private <T> T probed(TrafficObservation observed, Supplier<T> call) {
        if (hits == null) {
            return call.get();
        }
        hits.reset();
        try {
            return call.get();
        } finally {
            observed.cacheHit(hits.hit());
        }
    }

    /** Sends a whole (not streamed) answer, noting when its first byte went out. */
    private static void send(HttpExchange exchange, TrafficObservation observed, byte[] answer) throws IOException {
        observed.firstByte();
        Exchanges.send(exchange, 200, Exchanges.JSON, answer);
    }

    /** Runs a streamed call, ending the stream with an error chunk when it fails after the first chunk. */
    private static void stream(
            HttpExchange exchange, StreamWriter writer, boolean openAi, TrafficObservation observed, Runnable call)
            throws IOException {
        try {
            call.run();
        } catch (UncheckedIOException | CancellationException callerGone) {
            observed.cancelled(); // only the caller's leaving cancels a call
        } catch (RuntimeException e) {
            int status = e instanceof OllamaException ? Exchanges.status((OllamaException) e) : 500;
            observed.failed(status);
            if (!writer.started()) {
                Exchanges.error(exchange, status, String.valueOf(e.getMessage()), openAi);
            } else {
                failMidStream(writer, String.valueOf(e.getMessage()), openAi);
            }
        } finally {
            writer.finish();
        }
    }

    private static void failMidStream(StreamWriter writer, String message, boolean openAi) {
        try {
            byte[] error = Exchanges.errorBody(500, message, openAi);
            if (openAi) {
                writer.write(event(error));
            } else {
                writer.write(line(error));
            }
        } catch (UncheckedIOException callerGone) {
            // nothing more to say to a caller that left
        }
    }

    /** What a streamed {@code /v1} answer said about itself: its model, its usage and its text. */
    private static final class StreamedCompletion {
        private String model;
        private Usage usage;
        private final StringBuilder text = new StringBuilder();

        void add(ChatCompletionChunk chunk) {
            model = chunk.model();
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
            for (ChunkChoice choice : chunk.choices()) {
                if (choice.delta() != null && choice.delta().content() != null) {
                    text.append(choice.delta().content());
                }
            }
        }

        void reportTo(TrafficObservation observed) {
            observed.answered(
                    model,
                    usage == null ? null : usage.promptTokens(),
                    usage == null ? null : usage.completionTokens(),
                    text.toString());
        }
    }

    private static byte[] line(byte[] json) {
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    private static String event(byte[] json) {
        return "data: " + new String(json, StandardCharsets.UTF_8) + "\n\n";
    }
}
