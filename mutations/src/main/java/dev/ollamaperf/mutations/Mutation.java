package dev.ollamaperf.mutations;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * The regressions the agent can inject, each one a bug a pull request could bring into the gateway or the client
 * (mutations/README.md says what each imitates). Each constant builds the {@link Patch}es for a magnitude.
 */
enum Mutation {
    CHUNK_DELAY(
            "chunk-delay",
            Magnitude.DURATION,
            nanos -> List.of(new Patch(
                    Targets.STREAM_WRITER,
                    "write(byte[])",
                    "waits " + Magnitude.DURATION.format(nanos) + " (parked) before each chunk streamed to the caller",
                    1,
                    Rewrites.advice(Advices.ChunkDelay.class, Targets.writeBytes(), nanos)))),

    NAGLE(
            "nagle",
            Magnitude.NONE,
            none -> List.of(new Patch(
                    Targets.GATEWAY,
                    "<init>: childOption(ChannelOption.TCP_NODELAY, true)",
                    "accepted connections keep Nagle's algorithm (TCP_NODELAY false)",
                    1,
                    Rewrites.asm(isConstructor(), NagleRewrite::new)))),

    CACHE_BYPASS(
            "cache-bypass",
            Magnitude.NONE,
            none -> List.of(new Patch(
                    "dev.ollamaperf.client.internal.CacheHook",
                    "replayChat(...), replayGenerate(...)",
                    "streamed chat and generate requests never look in the cache (a miss), their answers are still stored",
                    2,
                    Rewrites.advice(Advices.CacheBypass.class, namedOneOf("replayChat", "replayGenerate"), 0)))),

    UNSTABLE_CACHE_KEY(
            "unstable-cache-key",
            Magnitude.NONE,
            none -> List.of(new Patch(
                    "dev.ollamaperf.client.internal.cache.RequestCanonicalizer",
                    "key(EndpointKind, JsonNode)",
                    "the time of the call is mixed into every request a cache key is computed from: identical requests never"
                            + " hit",
                    1,
                    Rewrites.advice(
                            Advices.UnstableCacheKey.class,
                            named("key").and(takesArguments(2)).and(takesArgument(1, named(Targets.JSON_NODE))),
                            0)))),

    ALLOC(
            "alloc",
            Magnitude.KILOBYTES,
            bytes -> List.of(new Patch(
                    Targets.MODEL_CALLS,
                    Targets.MODEL_CALL_METHODS_TEXT,
                    "allocates " + Magnitude.KILOBYTES.format(bytes) + " per model request and drops it",
                    Targets.MODEL_CALL_METHODS.size(),
                    Rewrites.advice(Advices.Allocate.class, Targets.modelCalls(), bytes)))),

    LEAK(
            "leak",
            Magnitude.KILOBYTES,
            bytes -> List.of(new Patch(
                    Targets.MODEL_CALLS,
                    Targets.MODEL_CALL_METHODS_TEXT,
                    "keeps " + Magnitude.KILOBYTES.format(bytes) + " per model request forever (a static list)",
                    Targets.MODEL_CALL_METHODS.size(),
                    Rewrites.advice(Advices.Leak.class, Targets.modelCalls(), bytes)))),

    SQLITE_LOCK(
            "sqlite-lock",
            Magnitude.NONE,
            none -> List.of(new Patch(
                    "dev.ollamaperf.client.internal.cache.TieredResponseCache",
                    "get(CacheKey), put(CacheKey, CachedResponse)",
                    "one global lock around every cache read and write, so memory hits wait for SQLite writes (a"
                            + " synchronized cache)",
                    2,
                    Rewrites.advice(
                            Advices.GlobalLock.class,
                            named("get")
                                    .and(takesArguments(1))
                                    .or(named("put").and(takesArguments(2)))
                                    .and(takesArgument(0, named("dev.ollamaperf.client.cache.CacheKey"))),
                            0)))),

    UPSTREAM_NO_KEEPALIVE(
            "upstream-no-keepalive",
            Magnitude.NONE,
            none -> List.of(new Patch(
                    "dev.ollamaperf.client.internal.transport.OllamaTransport",
                    "newClient(OllamaClientConfig)",
                    "the upstream HTTP client keeps no idle connection: every call to Ollama opens a new TCP connection",
                    1,
                    Rewrites.advice(
                            Advices.NoKeepAlive.class,
                            named("newClient").and(returns(named("okhttp3.OkHttpClient"))),
                            0)))),

    JSON_TREE_PER_CHUNK(
            "json-tree-per-chunk",
            Magnitude.NONE,
            none -> List.of(new Patch(
                    Targets.STREAM_WRITER,
                    "write(byte[])",
                    "parses each chunk streamed to the caller into a Jackson JsonNode tree first",
                    1,
                    Rewrites.advice(Advices.JsonTreePerChunk.class, Targets.writeBytes(), 0))));

    private final String label;
    private final Magnitude magnitude;
    private final LongFunction<List<Patch>> patches;

    Mutation(String label, Magnitude magnitude, LongFunction<List<Patch>> patches) {
        this.label = label;
        this.magnitude = magnitude;
        this.patches = patches;
    }

    /** The name on the agent's argument, e.g. {@code chunk-delay}. */
    String label() {
        return label;
    }

    Magnitude magnitude() {
        return magnitude;
    }

    /** New patches (with their own counters) for {@code value}, as {@link Magnitude#parse} returned it. */
    List<Patch> patches(long value) {
        return patches.apply(value);
    }

    /** Every name, with what its magnitude must be, for error messages. */
    static String names() {
        return Arrays.stream(values())
                .map(m -> m.magnitude == Magnitude.NONE ? m.label : m.label + ":<" + m.magnitude.expected() + ">")
                .collect(Collectors.joining(", "));
    }

    /** Where the mutations apply: the integration's classes and methods, by name. */
    private static final class Targets {
        static final String STREAM_WRITER = "dev.ollamaperf.gateway.StreamWriter";
        static final String GATEWAY = "dev.ollamaperf.gateway.OllamaGateway";
        static final String MODEL_CALLS = "dev.ollamaperf.gateway.ModelCalls";
        static final String JSON_NODE = "com.fasterxml.jackson.databind.JsonNode";
        /** Every model endpoint: each request to one of them runs exactly one of these. */
        static final List<String> MODEL_CALL_METHODS = List.of("generate", "chat", "embed", "chatCompletion");

        static final String MODEL_CALL_METHODS_TEXT = String.join(", ", MODEL_CALL_METHODS) + "(...)";

        static net.bytebuddy.matcher.ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription>
                writeBytes() {
            return named("write").and(takesArguments(byte[].class));
        }

        static net.bytebuddy.matcher.ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription>
                modelCalls() {
            // by the first parameter, not the count: the methods gain parameters (the traffic log's observation)
            return namedOneOf(MODEL_CALL_METHODS.toArray(new String[0]))
                    .and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange")));
        }

        private Targets() {}
    }
}
