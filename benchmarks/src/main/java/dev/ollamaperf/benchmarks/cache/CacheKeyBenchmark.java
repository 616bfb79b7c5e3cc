package dev.ollamaperf.benchmarks.cache;

import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.internal.cache.RequestCanonicalizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * User path: every cacheable request pays for its cache key before anything else (hit or miss):
 * parse the body, canonicalize it (sorted keys, non-output fields removed, names and numbers
 * normalised) and hash it with SHA-256.
 *
 * <p>Data: a seeded chat request as wire bytes, one short message or a 50-message history of about
 * 4k tokens.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar CacheKeyBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include CacheKeyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheKeyBenchmark {

    /** Messages in the request: 1, or a 50-message history of about 4k tokens. */
    @Param({"1", "50"})
    public int messages;

    private final RequestCanonicalizer canonicalizer = new RequestCanonicalizer();
    private byte[] body;

    @Setup
    public void prepare() {
        body = CacheFixtures.chatRequest(messages, messages == 1 ? 30 : 4096, 3L);
    }

    @Benchmark
    public CacheKey key_fromWireBytes() {
        return canonicalizer.key(EndpointKind.CHAT, body);
    }
}
