package dev.ollamaperf.benchmarks.harness;

import dev.ollamaperf.benchmarks.fixtures.CannedStreams;
import java.io.IOException;
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
 * User path: the load harness reads every line of every stream it drives on its event loops (load-tests'
 * {@code NettyStreamExchange} hands each line's bytes to {@code StreamTimer}, which reads it with
 * {@code ChunkReader}); at 100,000 chunks a second on 2 cores each microsecond here is 5% of the machine. No network:
 * the bytes of one received line, read as the harness reads them, keeping the answer's text.
 *
 * <p>Data: a 64-line {@code /api/chat} NDJSON stream (63 token chunks of one seeded word, then the done chunk with
 * its timings), about 130 bytes a line; the hot loop takes the lines in turn.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar StreamLineBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamLineBenchmark {

    private static final int LINES = 64;
    private static final int MASK = LINES - 1;

    @Param({"OURS", "STREAMING", "JACKSON"})
    public LineReader reader;

    private LineReader.Reading reading;
    private byte[] stream;
    private final int[] starts = new int[LINES];
    private final int[] lengths = new int[LINES];
    private int next;

    @Setup
    public void prepare() {
        stream = CannedStreams.chatNdjson("llama3.2:latest", LINES - 1, 42L);
        int start = 0;
        for (int line = 0; line < LINES; line++) {
            int end = start;
            while (stream[end] != '\n') {
                end++;
            }
            starts[line] = start;
            lengths[line] = end - start;
            start = end + 1;
        }
        reading = reader.open();
    }

    @Benchmark
    public int read_chatLine() throws IOException {
        int line = next++ & MASK;
        return reading.read(stream, starts[line], lengths[line]);
    }
}
