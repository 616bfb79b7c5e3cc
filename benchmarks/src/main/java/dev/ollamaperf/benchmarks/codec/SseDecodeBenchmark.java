package dev.ollamaperf.benchmarks.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ollamaperf.benchmarks.fixtures.CannedStreams;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.stream.SseDecoder;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * User path: a streaming answer from Ollama's OpenAI-compatible endpoint
 * ({@code /v1/chat/completions}, Server-Sent Events), as OpenAI-style SDKs and our client read it.
 * The peer clients in this suite do not speak /v1, so the comparison is with a plain-Jackson
 * baseline that reads lines and parses each {@code data:} payload as a tree.
 *
 * <p>Data: a canned v0.32.6+ SSE stream of {@code tokens} deltas, a finish chunk, a usage chunk and
 * {@code [DONE]}, built once per trial with a fixed seed. The score is per stream.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar SseDecodeBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include SseDecodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseDecodeBenchmark {

    /** Content deltas in the stream. */
    @Param({"64", "512"})
    public int tokens;

    private final OllamaCodecs codecs = OllamaCodecs.shared();
    private final ObjectReader treeReader = new ObjectMapper().readerFor(JsonNode.class);
    private byte[] stream;

    @Setup
    public void prepare() {
        stream = CannedStreams.chatSse("llama3.2:latest", tokens, 11L);
    }

    @Benchmark
    public String decode_ours() {
        SseDecoder decoder = new SseDecoder(codecs, StreamListener.ignoring(), System::nanoTime, System.nanoTime());
        return decoder.readFully(new ByteArrayInputStream(stream)).text();
    }

    @Benchmark
    public String decode_jacksonBaseline() {
        StringBuilder text = new StringBuilder();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(stream), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                    continue;
                }
                JsonNode choices = treeReader.readTree(line.substring(6)).path("choices");
                if (choices.size() > 0) {
                    text.append(choices.get(0).path("delta").path("content").asText(""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
