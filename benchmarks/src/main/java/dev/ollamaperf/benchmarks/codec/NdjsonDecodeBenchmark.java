package dev.ollamaperf.benchmarks.codec;

import dev.ollamaperf.benchmarks.fixtures.CannedStreams;
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

/**
 * User path: a streaming chat answer arriving from Ollama's native API; every token is one NDJSON
 * line that the client decodes before the application sees it. The score is per stream; per chunk
 * is score / (tokens + 1), and (tokens + 1) * 1e9 / score is chunks per second on one core.
 *
 * <p>Data: a canned /api/chat stream of {@code tokens} one-word chunks plus the final metrics chunk,
 * built once per trial with a fixed seed.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar --include NdjsonDecodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NdjsonDecodeBenchmark {

    @Param({"OURS", "JACKSON", "OLLAMA4J"})
    public NdjsonStreamDecoder decoder;

    /** Content chunks in the stream (short and long answers). */
    @Param({"64", "512"})
    public int tokens;

    private NdjsonStreamDecoder.Decoding decoding;
    private byte[] stream;

    @Setup(Level.Trial)
    public void prepare() {
        decoding = decoder.create();
        stream = CannedStreams.chatNdjson("llama3.2:latest", tokens, 7L);
    }

    /** Decodes the whole stream and returns the answer text. */
    @Benchmark
    public String decode_wholeStream() {
        return decoding.decode(stream);
    }
}
