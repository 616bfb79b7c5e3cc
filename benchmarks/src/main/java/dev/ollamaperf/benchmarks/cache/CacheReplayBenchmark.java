package dev.ollamaperf.benchmarks.cache;

import dev.ollamaperf.benchmarks.call.CannedOllama;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.WarningSink;
import dev.ollamaperf.client.config.OllamaClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * User path: a streaming chat call answered from the response cache ({@code OllamaClient.chat(request,
 * listener)} repeating a deterministic request): key, memory-tier hit, and every chunk handed to the
 * listener as a live stream would hand it, ending with the aggregate. Nothing is sent: the answer was
 * stored by one real streamed call to {@link CannedOllama} in setup, and the server is closed before
 * measuring.
 *
 * <p>Data: a one-message deterministic chat request; the stored answer is {@code tokens} content
 * chunks (the canned server's stream), in a real cache (memory and a SQLite file in a temporary folder).
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar CacheReplayBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include CacheReplayBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheReplayBenchmark {

    /** Content chunks in the stored answer. */
    @Param({"16", "256"})
    public int tokens;

    private Path folder;
    private ResponseCache cache;
    private OllamaClient client;
    private final ChatRequest request = ChatRequest.builder("llama3.2:latest")
            .messages(List.of(ChatMessage.user("Why is the sky blue? Answer in one paragraph.")))
            .options(Options.builder().temperature(0.0).seed(42).build())
            .build();

    @Setup(Level.Trial)
    public void prime() throws IOException {
        folder = Files.createTempDirectory("cache-replay-bench");
        cache = ResponseCache.open(
                CacheConfig.at(folder.resolve("responses.db")), Clock.systemUTC(), WarningSink.to(System.err));
        try (CannedOllama server = CannedOllama.start(tokens)) {
            client = OllamaClient.builder(OllamaClientConfig.builder()
                            .endpoint(server.baseUri().toString())
                            .build())
                    .responseCache(cache)
                    .build();
            StreamAggregate live = client.chat(request, StreamListener.ignoring());
            if (live.contentChunkCount() != tokens || cache.stats().memory().entries() != 1) {
                throw new IllegalStateException("the primed answer must be stored whole: fixture broken, got " + live);
            }
        }
        StreamAggregate replayed = client.chat(request, StreamListener.ignoring());
        if (replayed.contentChunkCount() != tokens || cache.stats().memory().hits() != 1) {
            throw new IllegalStateException("the repeat must be a memory hit: fixture broken, got " + replayed);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        client.close();
        CacheBenchmark.deleteRecursively(folder);
    }

    @Benchmark
    public StreamAggregate chat_hitReplayedAsStream(Blackhole blackhole) {
        StreamListener<ChatResponse> listener = (chunk, arrival) -> blackhole.consume(chunk);
        return client.chat(request, listener);
    }
}
