package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ollamaperf.client.CallControl;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.EmbedRequest;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.openai.ChatCompletionRequest;
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

    ModelCalls(OllamaClient client, OllamaCodecs codecs, ResponseCache cache, Clock clock) {
        this.client = client;
        this.codecs = codecs;
        this.cache = cache;
        this.replay = new ResponseReplay(clock);
        this.clock = clock;
    }

    void generate(HttpExchange exchange, byte[] body, JsonNode tree) throws IOException {
        GenerateRequest request = codecs.generateRequest().decode(body);
        if (!tree.path("stream").asBoolean(true)) {
            Exchanges.send(
                    exchange, 200, Exchanges.JSON, codecs.generateResponse().encode(client.generate(request)));
            return;
        }
        StreamWriter writer = new StreamWriter(exchange, Exchanges.NDJSON);
        CallControl control = cancelledWhenCallerLeaves(exchange);
        stream(
                exchange,
                writer,
                false,
                () -> client.generate(
                        request,
                        (chunk, arrival) ->
                                writer.write(line(codecs.generateResponse().encode(chunk))),
                        control));
    }

    void chat(HttpExchange exchange, byte[] body, JsonNode tree) throws IOException {
        ChatRequest request = codecs.chatRequest().decode(body);
        if (!tree.path("stream").asBoolean(true)) {
            Exchanges.send(exchange, 200, Exchanges.JSON, codecs.chatResponse().encode(client.chat(request)));
            return;
        }
        StreamWriter writer = new StreamWriter(exchange, Exchanges.NDJSON);
        CallControl control = cancelledWhenCallerLeaves(exchange);
        stream(
                exchange,
                writer,
                false,
                () -> client.chat(
                        request,
                        (chunk, arrival) ->
                                writer.write(line(codecs.chatResponse().encode(chunk))),
                        control));
    }

    void embed(HttpExchange exchange, byte[] body, JsonNode tree) throws IOException {
        String model = tree.path("model").asText("");
        Optional<CachedResponse> hit = cache.lookup(EndpointKind.EMBED, tree);
        if (hit.isPresent()) {
            Exchanges.send(exchange, 200, Exchanges.JSON, replay.body(hit.get(), model));
            return;
        }
        EmbedRequest request = codecs.embedRequest().decode(body);
        byte[] answer = codecs.embedResponse().encode(client.embed(request));
        Exchanges.send(exchange, 200, Exchanges.JSON, answer);
        cache.store(EndpointKind.EMBED, tree, CachedResponse.fromBody(EndpointKind.EMBED, answer, clock.instant()));
    }

    void chatCompletion(HttpExchange exchange, byte[] body, JsonNode tree) throws IOException {
        String model = tree.path("model").asText("");
        boolean stream = tree.path("stream").asBoolean(false);
        boolean includeUsage = tree.path("stream_options").path("include_usage").asBoolean(false);
        Optional<CachedResponse> hit = cache.lookup(EndpointKind.V1_CHAT, tree);
        if (hit.isPresent() && !stream) {
            Exchanges.send(exchange, 200, Exchanges.JSON, replay.body(hit.get(), model));
            return;
        }
        StreamWriter writer = new StreamWriter(exchange, Exchanges.SSE);
        if (hit.isPresent()) {
            stream(
                    exchange,
                    writer,
                    true,
                    () -> replay.stream(hit.get(), model, includeUsage).forEach(writer::write));
            return;
        }
        ChatCompletionRequest request = codecs.chatCompletionRequest().decode(body);
        if (!stream) {
            byte[] answer = codecs.chatCompletionResponse().encode(client.chatCompletion(request));
            Exchanges.send(exchange, 200, Exchanges.JSON, answer);
            storeIfServedAsAsked(tree, CachedResponse.fromBody(EndpointKind.V1_CHAT, answer, clock.instant()));
            return;
        }
        // Usage is always asked upstream, so the stored answer has it even when this caller did not ask (a later
        // non-streamed hit must carry usage); the usage chunk is then recorded but not forwarded.
        ChatCompletionRequest upstream = includeUsage ? request : request.withIncludeUsage();
        StreamRecorder recorder = new StreamRecorder(EndpointKind.V1_CHAT, clock);
        CallControl control = cancelledWhenCallerLeaves(exchange);
        boolean completed = stream(exchange, writer, true, () -> {
            client.chatCompletion(
                    upstream,
                    (chunk, arrival) -> {
                        byte[] json = codecs.chatCompletionChunk().encode(chunk);
                        recorder.accept(json);
                        if (includeUsage || !chunk.choices().isEmpty() || chunk.usage() == null) {
                            writer.write(event(json));
                        }
                    },
                    control);
            writer.write("data: [DONE]\n\n");
        });
        if (completed) {
            recorder.accept("[DONE]".getBytes(StandardCharsets.UTF_8));
            recorder.finish().ifPresent(answer -> storeIfServedAsAsked(tree, answer));
        }
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

    /** Runs a streamed call; true when it completed and every chunk was written. */
    private static boolean stream(HttpExchange exchange, StreamWriter writer, boolean openAi, Runnable call)
            throws IOException {
        try {
            call.run();
            return true;
        } catch (UncheckedIOException | CancellationException callerGone) {
            return false; // cancelled: only the caller's leaving cancels a call
        } catch (RuntimeException e) {
            if (!writer.started()) {
                int status = e instanceof OllamaException ? Exchanges.status((OllamaException) e) : 500;
                Exchanges.error(exchange, status, String.valueOf(e.getMessage()), openAi);
            } else {
                failMidStream(writer, String.valueOf(e.getMessage()), openAi);
            }
            return false;
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
