package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ChunkReader} reads every line the same with and without its fast path for plain native chunks
 * ({@link NativeChunkScanner}): on whole lines of several shapes and on each of them cut short at every length.
 */
final class ChunkReaderTest {

    static Stream<Arguments> lines() {
        List<Arguments> lines = new ArrayList<>();
        String[] chat = {
            "{\"model\":\"m:1\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi there\"},\"done\":false}",
            "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hm\"},\"done\":false}",
            "{ \"message\" : { \"content\" : \"a\" } , \"done\" : false }",
            "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                    + "\"total_duration\":2000000000,\"load_duration\":0,\"prompt_eval_count\":8,"
                    + "\"prompt_eval_duration\":1000,\"eval_count\":40,\"eval_duration\":-5}",
            "{\"message\":{\"content\":\"say \\\"hi\\\"\\n\"}}",
            "{\"message\":{\"content\":\"caf\u00e9 \u2603\"}}",
            "{\"message\":{\"content\":\"x\",\"tool_calls\":[{\"function\":{\"name\":\"f\"}}]}}",
            "{\"message\":{\"content\":null},\"done\":false}",
            "{\"error\":\"model 'x' not found\"}",
            "{\"done\":true,\"eval_count\":1.5}",
            "{\"done\":true,\"eval_count\":007}",
            "{\"message\":{\"content\":\"a\"}} trailing",
            "{\"message\":{\"content\":\"a\"}}{}",
            "[1,2]",
            "{}"
        };
        String[] generate = {
            "{\"model\":\"m\",\"response\":\"Hi\",\"done\":false}",
            "{\"response\":\"\",\"thinking\":\"hm\",\"done\":false}",
            "{\"response\":\"\",\"done\":true,\"eval_count\":3,\"context\":[1,2,3]}",
            "{\"message\":{\"content\":\"not generate's\"}}"
        };
        for (String line : chat) {
            lines.add(Arguments.of(OllamaApi.CHAT, line));
        }
        for (String line : generate) {
            lines.add(Arguments.of(OllamaApi.GENERATE, line));
        }
        return lines.stream();
    }

    @ParameterizedTest
    @MethodSource("lines")
    void read_wholeAndCutShort_sameWithAndWithoutTheFastPath(OllamaApi api, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        for (int length = bytes.length; length >= 0; length--) {
            String full = read(new ChunkReader(api, true, false), bytes, length);
            String fast = read(new ChunkReader(api, true, true), bytes, length);
            assertThat(fast).as("the first %d bytes of %s", length, line).isEqualTo(full);
        }
    }

    @ParameterizedTest
    @MethodSource("lines")
    void scan_plainNativeChunks_takeTheFastPath(OllamaApi api, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        boolean plain = !line.contains("\\")
                && !line.contains("tool_calls")
                && !line.contains("null")
                && !line.contains("error")
                && !line.contains("1.5")
                && !line.contains("007")
                && !line.contains("trailing")
                && !line.endsWith("}{}")
                && !line.contains("context")
                && line.startsWith("{")
                && !(api == OllamaApi.GENERATE && line.contains("message"))
                && line.chars().allMatch(c -> c < 0x80);

        assertThat(new NativeChunkScanner(api).scan(bytes, 0, bytes.length)).isEqualTo(plain);
    }

    /** What a reader found in the first {@code length} bytes, or that it failed. */
    private static String read(ChunkReader reader, byte[] bytes, int length) {
        try {
            reader.read(bytes, 0, length);
        } catch (java.io.IOException e) {
            return "failed";
        }
        return String.join(
                " | ",
                "text " + reader.hasText + " " + reader.text,
                "thinking " + reader.hasThinking,
                "done " + reader.done,
                "error " + reader.error,
                "timings " + reader.timings);
    }
}
