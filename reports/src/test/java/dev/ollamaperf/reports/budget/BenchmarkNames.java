package dev.ollamaperf.reports.budget;

import java.util.List;
import java.util.stream.Stream;

/**
 * The JMH suite's configurations as {@code JmhReader} names them (without the {@code .time} or {@code .alloc}
 * suffix), taken from a results.json of the whole suite: ours, and the peer libraries the suite measures
 * beside ours for comparison. A peer is named by a {@code @Param} value ({@code client=}, {@code encoder=},
 * {@code decoder=} JACKSON, the plain-Jackson baseline, LEAN, the OkHttp + streaming-parser floor, OLLAMA4J or
 * LANGCHAIN4J) or by the benchmark method
 * ({@code decode_jacksonBaseline}, {@code decode_ollama4j}).
 */
public final class BenchmarkNames {

    /** Our client's configurations. */
    public static final List<String> OURS = List.of(
            "jmh.CacheBenchmark.get_hit[payload=1024,tier=MEMORY]",
            "jmh.CacheBenchmark.get_hit[payload=1024,tier=SQLITE]",
            "jmh.CacheBenchmark.get_hitFromFourThreads[payload=1024,tier=MEMORY]",
            "jmh.CacheBenchmark.get_hitFromFourThreads[payload=1024,tier=SQLITE]",
            "jmh.CacheBenchmark.missThenPut[payload=1024,tier=MEMORY]",
            "jmh.CacheBenchmark.missThenPut[payload=1024,tier=SQLITE]",
            "jmh.CacheBenchmark.put_evicting[payload=1024,tier=MEMORY]",
            "jmh.CacheBenchmark.put_evicting[payload=1024,tier=SQLITE]",
            "jmh.CacheHookBenchmark.key_chatRequest[messages=1]",
            "jmh.CacheHookBenchmark.key_chatRequest[messages=50]",
            "jmh.CacheHookBenchmark.key_nextTurn[messages=1]",
            "jmh.CacheHookBenchmark.key_nextTurn[messages=50]",
            "jmh.CacheHookBenchmark.lookup_uncacheable[messages=1]",
            "jmh.CacheHookBenchmark.lookup_uncacheable[messages=50]",
            "jmh.CacheReplayBenchmark.chat_hitReplayedAsStream[tokens=16]",
            "jmh.CacheReplayBenchmark.chat_hitReplayedAsStream[tokens=256]",
            "jmh.CacheKeyBenchmark.key_fromWireBytes[messages=1]",
            "jmh.CacheKeyBenchmark.key_fromWireBytes[messages=50]",
            "jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16]",
            "jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=256]",
            "jmh.ClientCallBenchmark.chat_streaming[client=OURS_LISTENER,tokens=16]",
            "jmh.ClientCallBenchmark.chat_streaming[client=OURS_LISTENER,tokens=256]",
            "jmh.ChatEncodeBenchmark.encode_chatRequest[encoder=OURS,messages=1]",
            "jmh.ChatEncodeBenchmark.encode_chatRequest[encoder=OURS,messages=50]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_512tokens[decoder=OURS]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_64tokens[decoder=OURS]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_512tokens[decoder=OURS_SCANNED]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_64tokens[decoder=OURS_SCANNED]",
            "jmh.StreamLineBenchmark.read_chatLine[reader=OURS]",
            "jmh.StreamLineBenchmark.read_chatLine[reader=STREAMING]",
            "jmh.EmulatorTokenBenchmark.emit_activeSlots[slots=1]",
            "jmh.EmulatorTokenBenchmark.emit_activeSlots[slots=1000]",
            "jmh.ResponseDecodeBenchmark.decode_ours[words=50]",
            "jmh.ResponseDecodeBenchmark.decode_ours[words=1000]",
            "jmh.SseDecodeBenchmark.decode_ours[tokens=64]",
            "jmh.SseDecodeBenchmark.decode_ours[tokens=512]",
            "jmh.LimiterBenchmark.acquireRelease_contended",
            "jmh.LimiterBenchmark.acquireRelease_uncontended",
            "jmh.LimiterBenchmark.check_rateLimiter");

    /** The peer libraries' configurations, measured for comparison. */
    public static final List<String> PEERS = List.of(
            "jmh.ClientCallBenchmark.chat_streaming[client=LEAN,tokens=16]",
            "jmh.ClientCallBenchmark.chat_streaming[client=LEAN,tokens=256]",
            "jmh.ClientCallBenchmark.chat_streaming[client=JACKSON,tokens=16]",
            "jmh.ClientCallBenchmark.chat_streaming[client=JACKSON,tokens=256]",
            "jmh.ClientCallBenchmark.chat_streaming[client=OLLAMA4J,tokens=16]",
            "jmh.ClientCallBenchmark.chat_streaming[client=OLLAMA4J,tokens=256]",
            "jmh.ClientCallBenchmark.chat_streaming[client=LANGCHAIN4J,tokens=16]",
            "jmh.ClientCallBenchmark.chat_streaming[client=LANGCHAIN4J,tokens=256]",
            "jmh.ChatEncodeBenchmark.encode_chatRequest[encoder=JACKSON,messages=1]",
            "jmh.ChatEncodeBenchmark.encode_chatRequest[encoder=JACKSON,messages=50]",
            "jmh.ChatEncodeBenchmark.encode_chatRequest[encoder=OLLAMA4J,messages=1]",
            "jmh.ChatEncodeBenchmark.encode_chatRequest[encoder=OLLAMA4J,messages=50]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_512tokens[decoder=JACKSON]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_512tokens[decoder=OLLAMA4J]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_64tokens[decoder=JACKSON]",
            "jmh.NdjsonDecodeBenchmark.decode_perChunk_64tokens[decoder=OLLAMA4J]",
            "jmh.ResponseDecodeBenchmark.decode_jacksonBaseline[words=50]",
            "jmh.ResponseDecodeBenchmark.decode_jacksonBaseline[words=1000]",
            "jmh.ResponseDecodeBenchmark.decode_ollama4j[words=50]",
            "jmh.ResponseDecodeBenchmark.decode_ollama4j[words=1000]",
            "jmh.SseDecodeBenchmark.decode_jacksonBaseline[tokens=64]",
            "jmh.SseDecodeBenchmark.decode_jacksonBaseline[tokens=512]",
            "jmh.StreamLineBenchmark.read_chatLine[reader=JACKSON]");

    private BenchmarkNames() {}

    /** Returns the metric names of {@code configurations}: each one's {@code .time} and {@code .alloc}. */
    public static List<String> metrics(List<String> configurations) {
        return configurations.stream()
                .flatMap(c -> Stream.of(c + ".time", c + ".alloc"))
                .toList();
    }
}
