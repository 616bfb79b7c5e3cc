package dev.ollamaperf.benchmarks.codec;

import dev.ollamaperf.benchmarks.fixtures.CannedStreams;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * User path: a streaming chat answer arriving from Ollama's native API; every token is one NDJSON
 * line that the client decodes before the application sees it. Scores are per chunk (JMH divides
 * by the lines in the stream), so 1e9 / score is chunks per second on one core; B/op is per chunk too.
 *
 * <p>Data: a canned /api/chat stream of 64 or 512 one-word chunks plus the final metrics chunk,
 * built once per trial with a fixed seed.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar NdjsonDecodeBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include NdjsonDecodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NdjsonDecodeBenchmark {

    @Param({"OURS", "OURS_SCANNED", "JACKSON", "OLLAMA4J"})
    public NdjsonStreamDecoder decoder;

    private NdjsonStreamDecoder.Decoding decoding;
    private byte[] shortAnswer;
    private byte[] longAnswer;

    @Setup(Level.Trial)
    public void prepare() {
        decoding = decoder.create();
        shortAnswer = CannedStreams.chatNdjson("llama3.2:latest", 64, 7L);
        longAnswer = CannedStreams.chatNdjson("llama3.2:latest", 512, 7L);
    }

    /** A 64-token answer (65 lines), decoded whole; the score is per line. */
    @Benchmark
    @OperationsPerInvocation(65)
    public String decode_perChunk_64tokens() {
        return decoding.decode(shortAnswer);
    }

    /** A 512-token answer (513 lines), decoded whole; the score is per line. */
    @Benchmark
    @OperationsPerInvocation(513)
    public String decode_perChunk_512tokens() {
        return decoding.decode(longAnswer);
    }
}
