package dev.ollamaperf.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.Format;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.api.Think;
import dev.ollamaperf.client.api.ToolCall;
import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.ResponseReplay;
import dev.ollamaperf.client.cache.WarningSink;
import dev.ollamaperf.client.internal.codec.Codec;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.stream.NdjsonDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's cache hook against a real cache (memory and a SQLite file): the typed shortcuts give what the JSON
 * path gives (same keys, same replayed chunks and aggregate), and a request the policy declines is never encoded,
 * looked up or stored.
 */
final class CacheHookTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final OllamaCodecs CODECS = OllamaCodecs.shared();
    private static final Options DETERMINISTIC =
            Options.builder().temperature(0.0).build();

    private static ResponseCache open(Path dir) {
        return ResponseCache.open(
                CacheConfig.at(dir.resolve("responses.db")),
                CLOCK,
                WarningSink.to(new PrintStream(OutputStream.nullOutputStream())));
    }

    private static List<ChatRequest> chatRequests() {
        List<ChatMessage> history = List.of(
                ChatMessage.system("Be brief; quote \"exactly\".\n\tTabs, \\ back-slashes, \u0001 control."),
                ChatMessage.user("Héllo wörld, 日本語 and an emoji \uD83D\uDE00"),
                new ChatMessage("ASSISTANT", "", "thinking about it", null, null, null, null),
                new ChatMessage("user", "look", null, List.of("aW1hZ2U=", "b3RoZXI="), null, null, null),
                new ChatMessage("tool", "42", null, null, null, "calculator", "call_1"),
                ChatMessage.user("edges: \u007F \u0080 \u07FF \u0800 \u2028 \uFFFF \b\f\r \u001F / end"),
                ChatMessage.user("long ".repeat(2000) + "\n".repeat(3)),
                ChatMessage.assistant(everyChar()));
        return List.of(
                ChatRequest.of("llama3.2", List.of(ChatMessage.user("hi"))),
                ChatRequest.builder("llama3.2:latest")
                        .messages(history)
                        .options(Options.builder()
                                .temperature(0.0)
                                .seed(10)
                                .numCtx(4096)
                                .numThread(8)
                                .stop(List.of("\n\n"))
                                .extra("mirostat", 2)
                                .build())
                        .stream(true)
                        .keepAlive(KeepAlive.FOREVER)
                        .format(Format.schema("{\"type\":\"object\",\"properties\":{\"b\":{},\"a\":{}}}"))
                        .tools(List.of(Map.of("type", "function", "function", Map.of("name", "f"))))
                        .think(Think.level("high"))
                        .truncate(false)
                        .logprobs(true)
                        .topLogprobs(3)
                        .build(),
                ChatRequest.builder("library/qwen3").messages(history).build());
    }

    /** Every UTF-16 code unit, surrogates (paired and not) included, then one pair in order. */
    private static String everyChar() {
        StringBuilder all = new StringBuilder(0x10002);
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
        }
        return all.append("\uD83D\uDE00").toString();
    }

    @Test
    void keyOf_typedChatRequest_isTheCachesKeyOfItsJson(@TempDir Path dir) throws Exception {
        try (ResponseCache cache = open(dir)) {
            CacheHook hook = new CacheHook(cache, CODECS, CLOCK);
            for (ChatRequest request : chatRequests()) {
                CacheKey fromJson = cache.keyOf(
                        EndpointKind.CHAT,
                        CODECS.mapper().readTree(CODECS.chatRequest().encode(request)));
                assertThat(hook.keyOf(EndpointKind.CHAT, CODECS.chatRequest(), request))
                        .as("key of %s", request)
                        .isEqualTo(fromJson);
            }
        }
    }

    @Test
    void keyOf_nextTurnWithRememberedHistory_isTheCachesKeyOfItsJson(@TempDir Path dir) throws Exception {
        List<ChatMessage> history =
                new java.util.ArrayList<>(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")));
        try (ResponseCache cache = open(dir)) {
            CacheHook hook = new CacheHook(cache, CODECS, CLOCK);
            for (int turn = 0; turn < 3; turn++) {
                ChatRequest request = ChatRequest.of("llama3.2", List.copyOf(history));
                CacheKey typed = hook.keyOf(EndpointKind.CHAT, CODECS.chatRequest(), request);
                assertThat(typed)
                        .as("turn %d", turn)
                        .isEqualTo(cache.keyOf(
                                EndpointKind.CHAT,
                                CODECS.mapper().readTree(CODECS.chatRequest().encode(request))))
                        .isEqualTo(hook.keyOf(EndpointKind.CHAT, CODECS.chatRequest(), request));
                history.add(new ChatMessage("assistant", "answer " + turn, null, null, null, null, null));
                history.add(ChatMessage.user("question " + turn));
            }
        }
    }

    @Test
    void keyOf_messageWithToolCalls_isTheCachesKeyOfItsJson(@TempDir Path dir) throws Exception {
        ToolCall call = new ToolCall("call_1", new ToolCall.Function(0, "add", Map.of("b", 2, "a", 1)));
        ChatRequest request = ChatRequest.of(
                "llama3.2",
                List.of(
                        ChatMessage.user("add"),
                        new ChatMessage("assistant", "", null, null, List.of(call), null, null)));
        try (ResponseCache cache = open(dir)) {
            CacheHook hook = new CacheHook(cache, CODECS, CLOCK);
            assertThat(hook.keyOf(EndpointKind.CHAT, CODECS.chatRequest(), request))
                    .isEqualTo(cache.keyOf(
                            EndpointKind.CHAT,
                            CODECS.mapper().readTree(CODECS.chatRequest().encode(request))));
        }
    }

    @Test
    void keyOf_unpairedSurrogate_isTheCachesKeyOfItsJson(@TempDir Path dir) {
        ChatRequest request = ChatRequest.of("llama3.2", List.of(ChatMessage.user("half \uD83D pair")));
        try (ResponseCache cache = open(dir)) {
            CacheHook hook = new CacheHook(cache, CODECS, CLOCK);
            Object viaJson;
            try {
                viaJson =
                        cache.keyOf(EndpointKind.CHAT, json(CODECS.chatRequest().encode(request)));
            } catch (RuntimeException e) {
                viaJson = e.getClass();
            }
            Object typed;
            try {
                typed = hook.keyOf(EndpointKind.CHAT, CODECS.chatRequest(), request);
            } catch (RuntimeException e) {
                typed = e.getClass();
            }
            assertThat(typed).isEqualTo(viaJson);
        }
    }

    @Test
    void cacheableKey_sampledRequest_isNeitherEncodedNorLookedUpNorStored(@TempDir Path dir) {
        ChatRequest sampled = ChatRequest.builder("llama3.2")
                .messages(List.of(ChatMessage.user("tell me a story")))
                .options(Options.builder().temperature(0.7).build())
                .build();
        try (ResponseCache cache = open(dir)) {
            CacheHook hook = new CacheHook(cache, CODECS, CLOCK);
            CacheKey key = hook.cacheableKey(EndpointKind.CHAT, new FailingCodec<>(), sampled);
            assertThat(key).isNull();
            assertThat(hook.lookup(key, "llama3.2", CODECS.chatResponse())).isEmpty();
            hook.storeStream(EndpointKind.CHAT, key, CHAT_BODY.getBytes(StandardCharsets.UTF_8), List.of("Hi"));
            assertThat(cache.stats().bypassed()).isEqualTo(1);
            assertThat(cache.stats().memory().hits() + cache.stats().memory().misses())
                    .as("memory lookups")
                    .isZero();
            assertThat(cache.stats().sqlite().hits() + cache.stats().sqlite().misses())
                    .as("SQLite lookups")
                    .isZero();
            assertThat(cache.stats().memory().puts() + cache.stats().sqlite().puts())
                    .as("puts")
                    .isZero();
        }
    }

    @Test
    void cacheableKey_loadOnlyAndSeededRequests_followThePolicyWithoutEncoding(@TempDir Path dir) {
        try (ResponseCache cache = open(dir)) {
            CacheHook hook = new CacheHook(cache, CODECS, CLOCK);
            GenerateRequest load =
                    GenerateRequest.builder("llama3.2").options(DETERMINISTIC).build();
            GenerateRequest seeded = GenerateRequest.builder("llama3.2")
                    .prompt("why")
                    .options(Options.builder().seed(3).temperature(0.9).build())
                    .build();
            GenerateRequest randomSeed = GenerateRequest.builder("llama3.2")
                    .prompt("why")
                    .options(Options.builder().seed(-1).build())
                    .build();
            assertThat(hook.cacheableKey(EndpointKind.GENERATE, new FailingCodec<>(), load))
                    .isNull();
            assertThat(hook.cacheableKey(EndpointKind.GENERATE, new FailingCodec<>(), randomSeed))
                    .isNull();
            assertThat(hook.cacheableKey(EndpointKind.GENERATE, CODECS.generateRequest(), seeded))
                    .isEqualTo(cache.keyOf(
                            EndpointKind.GENERATE, json(CODECS.generateRequest().encode(seeded))));
            assertThat(cache.stats().bypassed()).isEqualTo(2);
        }
    }

    @Test
    void cacheableKey_samplingSettingsAmongExtraOptions_areJudgedOnTheJson(@TempDir Path dir) {
        ChatRequest zeroInExtra = ChatRequest.builder("llama3.2")
                .messages(List.of(ChatMessage.user("hi")))
                .options(Options.builder()
                        .temperature(0.8)
                        .extra("temperature", 0)
                        .build())
                .build();
        try (ResponseCache cache = open(dir)) {
            CacheHook hook = new CacheHook(cache, CODECS, CLOCK);
            assertThat(hook.cacheableKey(EndpointKind.CHAT, CODECS.chatRequest(), zeroInExtra))
                    .as("the JSON's last temperature, 0, wins")
                    .isEqualTo(cache.keyOf(
                            EndpointKind.CHAT, json(CODECS.chatRequest().encode(zeroInExtra))));
        }
    }

    private static final String CHAT_BODY = "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:00:01.7Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi there, \\\"friend\\\"\\n\",\"thinking\":\"hmm\","
            + "\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}}]},\"done\":true,"
            + "\"done_reason\":\"length\",\"total_duration\":1720000000,\"load_duration\":2400000,"
            + "\"prompt_eval_count\":18,\"prompt_eval_duration\":25000000,\"eval_count\":3,"
            + "\"eval_duration\":1650000000}";

    private static final String GENERATE_BODY = "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:00:02.9Z\","
            + "\"response\":\"Blue light scatters more.\",\"thinking\":\"physics\",\"done\":true,"
            + "\"done_reason\":\"stop\",\"context\":[128006,882,128007],\"total_duration\":2480000000,"
            + "\"eval_count\":5,\"eval_duration\":2390000000}";

    @Test
    void replayChat_deliversWhatTheNdjsonReplayDecodesTo(@TempDir Path dir) {
        CachedResponse stored = CachedResponse.of(
                EndpointKind.CHAT,
                CHAT_BODY.getBytes(StandardCharsets.UTF_8),
                List.of("Hi", " there, ", "\"friend\"\n"),
                CLOCK.instant());
        List<ChatResponse> viaNdjson = new ArrayList<>();
        StreamAggregate expected = ndjson(stored, NdjsonDecoder.chat(CODECS, (c, t) -> viaNdjson.add(c), ticks(), 0));
        try (ResponseCache cache = open(dir)) {
            CacheKey key = new CacheKey("a".repeat(64));
            cache.put(key, stored);
            List<ChatResponse> replayed = new ArrayList<>();
            StreamAggregate actual = new CacheHook(cache, CODECS, CLOCK)
                    .replayChat(
                            key, "llama3.2:latest", NdjsonDecoder.chat(CODECS, (c, t) -> replayed.add(c), ticks(), 0))
                    .orElseThrow();
            assertThat(replayed).hasSize(5).isEqualTo(viaNdjson);
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.metrics().evalCount()).isEqualTo(3);
        }
    }

    @Test
    void replayGenerate_deliversWhatTheNdjsonReplayDecodesTo(@TempDir Path dir) {
        CachedResponse stored = CachedResponse.of(
                EndpointKind.GENERATE,
                GENERATE_BODY.getBytes(StandardCharsets.UTF_8),
                List.of("Blue", " light", " scatters", " more", "."),
                CLOCK.instant());
        List<GenerateResponse> viaNdjson = new ArrayList<>();
        StreamAggregate expected =
                ndjson(stored, NdjsonDecoder.generate(CODECS, (c, t) -> viaNdjson.add(c), ticks(), 0));
        try (ResponseCache cache = open(dir)) {
            CacheKey key = new CacheKey("b".repeat(64));
            cache.put(key, stored);
            List<GenerateResponse> replayed = new ArrayList<>();
            StreamAggregate actual = new CacheHook(cache, CODECS, CLOCK)
                    .replayGenerate(
                            key,
                            "llama3.2:latest",
                            NdjsonDecoder.generate(CODECS, (c, t) -> replayed.add(c), ticks(), 0))
                    .orElseThrow();
            assertThat(replayed).hasSize(7).isEqualTo(viaNdjson);
            assertThat(actual).isEqualTo(expected);
            assertThat(replayed.get(6).context()).containsExactly(128006, 882, 128007);
        }
    }

    @Test
    void replayChat_miss_deliversNothing(@TempDir Path dir) {
        try (ResponseCache cache = open(dir)) {
            List<ChatResponse> replayed = new ArrayList<>();
            assertThat(new CacheHook(cache, CODECS, CLOCK)
                            .replayChat(
                                    new CacheKey("c".repeat(64)),
                                    "llama3.2",
                                    NdjsonDecoder.chat(CODECS, (c, t) -> replayed.add(c), ticks(), 0)))
                    .isEmpty();
            assertThat(replayed).isEmpty();
        }
    }

    /** The path replaced: the NDJSON lines of the replay, fed to the decoder one read per line. */
    private static StreamAggregate ndjson(CachedResponse stored, NdjsonDecoder<?> decoder) {
        for (byte[] line : new ResponseReplay(CLOCK).streamBytes(stored, "llama3.2:latest", false)) {
            decoder.feed(line, 0, line.length);
        }
        return decoder.finish();
    }

    /** A nano clock that moves 1 ms per reading, so arrival times and gaps are compared too. */
    private static LongSupplier ticks() {
        long[] now = {0};
        return () -> now[0] += Duration.ofMillis(1).toNanos();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return CODECS.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request codec that fails if anything asks it to encode or decode. */
    private static final class FailingCodec<T> implements Codec<T> {
        @Override
        public T decode(byte[] bytes, int offset, int length) {
            throw new AssertionError("decode must not be called");
        }

        @Override
        public T decode(InputStream in) {
            throw new AssertionError("decode must not be called");
        }

        @Override
        public byte[] encode(T value) {
            throw new AssertionError("an uncacheable request must not be encoded");
        }

        @Override
        public void encode(T value, OutputStream out) {
            throw new AssertionError("an uncacheable request must not be encoded");
        }
    }
}
