package dev.ollamaperf.benchmarks.cache;

import dev.ollamaperf.benchmarks.fixtures.Conversations;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.WarningSink;
import dev.ollamaperf.client.internal.CacheHook;
import dev.ollamaperf.client.internal.cache.TypedMessageDigests;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * User path: what the response cache costs a typed client call before anything is sent
 * ({@code OllamaClient.chat} with the cache on, the default). {@code lookup_uncacheable}: a sampled
 * request (temperature 0.7, no seed) that the default policy (deterministic only) never caches, so
 * all it should pay is the policy check. {@code key_chatRequest}: a deterministic request's cache
 * key, computed from the typed request (the client's path; the gateway's path from wire bytes is
 * {@link CacheKeyBenchmark}) when none of its messages was seen before: every call takes the next of
 * enough different requests that the client's memory of message digests ({@code TypedMessageDigests})
 * never helps. {@code key_nextTurn}: the same request as the next turn of a conversation sends it, the
 * history seen in the previous turn and only the last user message new (again one of enough different ones
 * that it was never seen).
 *
 * <p>Data: a seeded chat request of one short message, or a 50-message history of about 4k tokens;
 * a real cache (memory and a SQLite file in a temporary folder) with the default policy.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar CacheHookBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include CacheHookBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheHookBenchmark {

    /** Messages in the request: 1, or a 50-message history of about 4k tokens. */
    @Param({"1", "50"})
    public int messages;

    private final OllamaCodecs codecs = OllamaCodecs.shared();
    private Path folder;
    private ResponseCache cache;
    private CacheHook hook;
    private ChatRequest sampled;
    private ChatRequest[] firstTurns;
    private ChatRequest[] nextTurns;
    private int firstTurn;
    private int nextTurn;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        folder = Files.createTempDirectory("cache-hook-bench");
        Clock clock = Clock.systemUTC();
        cache = ResponseCache.open(CacheConfig.at(folder.resolve("responses.db")), clock, WarningSink.to(System.err));
        hook = new CacheHook(cache, codecs, clock);
        int tokens = messages == 1 ? 30 : 4096;
        sampled = ChatRequest.builder("llama3.2:latest")
                .messages(Conversations.history(messages, tokens, 5L))
                .options(Options.builder().temperature(0.7).build())
                .stream(false)
                .build();
        // More messages than the client remembers, so every call of a round meets messages it has forgotten.
        firstTurns = new ChatRequest[TypedMessageDigests.MAX_MESSAGES / messages + 64];
        for (int i = 0; i < firstTurns.length; i++) {
            firstTurns[i] = deterministic(Conversations.history(messages, tokens, 1_000L + i));
        }
        List<ChatMessage> history = Conversations.history(messages, tokens, 5L);
        SplittableRandom random = new SplittableRandom(7L);
        nextTurns = new ChatRequest[TypedMessageDigests.MAX_MESSAGES + 64];
        for (int i = 0; i < nextTurns.length; i++) {
            List<ChatMessage> turn = new ArrayList<>(history.subList(0, messages - 1));
            turn.add(ChatMessage.user(Conversations.sentence(random, tokens / messages)));
            nextTurns[i] = deterministic(turn);
        }
        if (hook.lookup(EndpointKind.CHAT, codecs.chatRequest(), sampled, "llama3.2:latest", codecs.chatResponse())
                        .isPresent()
                || cache.stats().bypassed() != 1) {
            throw new IllegalStateException(
                    "the sampled request must be bypassed by the default policy: fixture broken");
        }
    }

    private static ChatRequest deterministic(List<ChatMessage> messages) {
        return ChatRequest.builder("llama3.2:latest")
                .messages(messages)
                .options(Options.builder().temperature(0.0).seed(5).build())
                .stream(false)
                .build();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        cache.close();
        CacheBenchmark.deleteRecursively(folder);
    }

    /** A request the policy declines: looked up, bypassed, never sent to either tier. */
    @Benchmark
    public Optional<ChatResponse> lookup_uncacheable() {
        return hook.lookup(EndpointKind.CHAT, codecs.chatRequest(), sampled, "llama3.2:latest", codecs.chatResponse());
    }

    /** The cache key of a deterministic request none of whose messages was seen before. */
    @Benchmark
    public CacheKey key_chatRequest() {
        firstTurn = (firstTurn + 1) % firstTurns.length;
        return hook.keyOf(EndpointKind.CHAT, codecs.chatRequest(), firstTurns[firstTurn]);
    }

    /** The cache key of a conversation's next turn: the history seen before, a new last message. */
    @Benchmark
    public CacheKey key_nextTurn() {
        nextTurn = (nextTurn + 1) % nextTurns.length;
        return hook.keyOf(EndpointKind.CHAT, codecs.chatRequest(), nextTurns[nextTurn]);
    }
}
