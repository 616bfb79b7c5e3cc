package dev.ollamaperf.benchmarks.codec;

import dev.ollamaperf.benchmarks.fixtures.Conversations;
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
 * User path: every chat call serializes its request before it goes on the wire; with a long
 * history (an assistant that keeps the conversation) this is the biggest JSON the integration writes.
 *
 * <p>Data: one short user message, or a 50-message history of about 4k tokens (about 20 KB of
 * JSON), words seeded so every system encodes the same conversation. Each system builds its own
 * request object in setup; only the encoding is measured.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar ChatEncodeBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include ChatEncodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChatEncodeBenchmark {

    @Param({"OURS", "JACKSON", "OLLAMA4J"})
    public ChatEncoder encoder;

    /** Messages in the conversation: 1 (a single question) or 50 (a long chat with ~4k tokens). */
    @Param({"1", "50"})
    public int messages;

    private ChatEncoder.Encoding prepared;

    @Setup
    public void prepare() {
        int tokens = messages == 1 ? 30 : 4096;
        prepared = encoder.prepare("llama3.2:latest", Conversations.history(messages, tokens, 42L));
    }

    @Benchmark
    public byte[] encode_chatRequest() {
        return prepared.encode();
    }
}
