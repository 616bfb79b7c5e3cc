package dev.ollamaperf.benchmarks.call;

import java.io.IOException;
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
 * User path: one complete streaming chat call, as the application makes it, through each client:
 * encode the request, send it, read the NDJSON stream chunk by chunk, hand each token over, and
 * return the answer. The server is an in-process loopback server that answers at once with a canned
 * stream of {@code tokens} chunks ({@link CannedOllama}), so what differs between rows is the
 * client's own overhead. Per token: divide by {@code tokens}.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar ClientCallBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include ClientCallBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientCallBenchmark {

    @Param({"OURS", "OURS_LISTENER", "LEAN", "JACKSON", "OLLAMA4J", "LANGCHAIN4J"})
    public ChatClient client;

    /** Content chunks in the canned answer. */
    @Param({"16", "256"})
    public int tokens;

    private CannedOllama server;
    private ChatClient.Call call;

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = CannedOllama.start(tokens);
        call = client.connect(server.baseUri());
        String answer = call.chat();
        if (answer.isEmpty()) {
            throw new IllegalStateException(client + " returned an empty answer: the fixture is broken");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        call.close();
        server.close();
    }

    @Benchmark
    public String chat_streaming() {
        return call.chat();
    }
}
