package dev.ollamaperf.benchmarks.cache;

import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.ResponseReplay;
import dev.ollamaperf.client.cache.WarningSink;
import dev.ollamaperf.client.internal.cache.RequestCanonicalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * User path: the response cache the integration consults before calling Ollama (production rule:
 * responses cached in SQLite). A hit answers in microseconds instead of seconds; these are its costs.
 *
 * <p>Data: 1,024 cached chat answers of {@code payload} bytes of text, keyed by real request keys,
 * in a real SQLite file (WAL) under a temporary folder. {@code tier=MEMORY}: the memory tier holds
 * them all. {@code tier=SQLITE}: the memory tier is given 0 bytes, so every hit reads the file.
 * {@code missThenPut} looks up a key never seen, then stores the answer (both tiers, SQLite write
 * included): the cache's cost on a miss, before the model is even called. {@code put_evicting}
 * stores into a second cache bounded far below its working set (256 KB of memory, 64 KB of
 * SQLite), so every put also evicts.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar CacheBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include CacheBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheBenchmark {

    private static final int ENTRIES = 1024;
    private static final int MASK = ENTRIES - 1;

    /** Where hits come from. */
    public enum Tier {
        MEMORY,
        SQLITE
    }

    @Param({"MEMORY", "SQLITE"})
    public Tier tier;

    /** Bytes of answer text per entry. */
    @Param({"1024"})
    public int payload;

    private Path folder;
    private ResponseCache cache;
    private CacheKey[] keys;
    private CachedResponse answer;
    /** The one clock the caches, their entries and the replay read. */
    private static final Clock CLOCK = Clock.systemUTC();

    private final ResponseReplay replay = new ResponseReplay(CLOCK);

    /** A per-thread cursor over the keys (docs/style.md #15). */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        long fresh = 1L << 40;

        /** A key never used before: the counter as 64 hex digits (cheaper than String.format). */
        CacheKey freshKey() {
            char[] hex = new char[64];
            java.util.Arrays.fill(hex, '0');
            String digits = Long.toHexString(fresh++);
            digits.getChars(0, digits.length(), hex, 64 - digits.length());
            return new CacheKey(new String(hex));
        }
    }

    /** A cache bounded far below what is put into it, so every put evicts. */
    @State(Scope.Benchmark)
    public static class EvictingCache {
        Path folder;
        ResponseCache cache;

        @Setup(Level.Trial)
        public void open() throws IOException {
            folder = Files.createTempDirectory("cache-bench-evicting");
            cache = ResponseCache.open(
                    CacheConfig.at(folder.resolve("responses.db"))
                            .withMemoryBytes(256 << 10)
                            .withMaxDbBytes(64 << 10),
                    CLOCK,
                    WarningSink.to(System.err));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            cache.close();
            deleteRecursively(folder);
        }
    }

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        folder = Files.createTempDirectory("cache-bench");
        long memory = tier == Tier.MEMORY ? 64L << 20 : 0;
        cache = ResponseCache.open(
                CacheConfig.at(folder.resolve("responses.db")).withMemoryBytes(memory),
                CLOCK,
                WarningSink.to(System.err));
        RequestCanonicalizer canonicalizer = new RequestCanonicalizer();
        answer = CacheFixtures.chatAnswer(payload, 9L, CLOCK);
        keys = new CacheKey[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            keys[i] = canonicalizer.key(EndpointKind.CHAT, CacheFixtures.chatRequest(1, 30, i));
            cache.put(keys[i], answer);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        cache.close();
        deleteRecursively(folder);
    }

    static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @Threads(1)
    public Optional<CachedResponse> get_hit(Cursor cursor) {
        return cache.get(keys[cursor.next++ & MASK]);
    }

    @Benchmark
    @Threads(4)
    public Optional<CachedResponse> get_hitFromFourThreads(Cursor cursor) {
        return cache.get(keys[cursor.next++ & MASK]);
    }

    /** A key never seen: the lookup misses, then the answer is stored. */
    @Benchmark
    @Threads(1)
    public boolean missThenPut(Cursor cursor) {
        CacheKey key = cursor.freshKey();
        boolean hit = cache.get(key).isPresent();
        cache.put(key, answer);
        return hit;
    }

    /** A put into a full cache: every one evicts least-recently-used entries from both tiers. */
    @Benchmark
    @Threads(1)
    public CacheKey put_evicting(Cursor cursor, EvictingCache evicting) {
        CacheKey key = cursor.freshKey();
        evicting.cache.put(key, answer);
        return key;
    }

    /** A hit replayed to a streaming client as NDJSON lines (what the gateway writes). */
    @Benchmark
    @Threads(1)
    public List<byte[]> get_hitReplayedAsStream(Cursor cursor) {
        CachedResponse hit = cache.get(keys[cursor.next++ & MASK])
                .orElseThrow(() -> new UncheckedIOException(new IOException("benchmark fixture lost an entry")));
        return replay.streamBytes(hit, "llama3.2", false);
    }
}
