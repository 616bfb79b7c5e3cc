package dev.ollamaperf.benchmarks.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.ollamaperf.benchmarks.fixtures.Conversations;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import io.github.ollama4j.models.chat.OllamaChatResponseModel;
import io.github.ollama4j.utils.Utils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
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
 * User path: a non-streaming chat call ({@code "stream": false}), the form most application code
 * and every cache hit uses; the whole answer arrives as one JSON object to decode.
 *
 * <p>Data: one /api/chat response whose content is {@code words} seeded words, with Ollama's final
 * metrics. Ours, a plain Jackson ObjectMapper into the same record, and ollama4j's own model class
 * through its own mapper, side by side.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar ResponseDecodeBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include ResponseDecodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseDecodeBenchmark {

    /** Words in the answer (a short reply, and a page of text). */
    @Param({"50", "1000"})
    public int words;

    private final OllamaCodecs codecs = OllamaCodecs.shared();
    private final ObjectMapper plainJackson = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectMapper ollama4j = Utils.getObjectMapper();
    private byte[] body;

    @Setup
    public void prepare() {
        String content = Conversations.sentence(new SplittableRandom(5L), words)
                .replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("\n", "\\n");
        body = ("{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:00:01.7Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + content
                        + "\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1720000000,"
                        + "\"load_duration\":2400000,\"prompt_eval_count\":18,\"prompt_eval_duration\":25000000,"
                        + "\"eval_count\":" + words + ",\"eval_duration\":1650000000}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public ChatResponse decode_ours() {
        return codecs.chatResponse().decode(body);
    }

    @Benchmark
    public ChatResponse decode_jacksonBaseline() {
        try {
            return plainJackson.readValue(body, ChatResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public OllamaChatResponseModel decode_ollama4j() {
        try {
            return ollama4j.readValue(body, OllamaChatResponseModel.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
